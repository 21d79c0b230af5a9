"""GIFT as Moodle reads it: blocks, titles, escapes, formats, answer blocks and their lines."""

import pytest

from app.content.gift_parser import GiftCategory, parse_gift
from app.content.gift_text import GiftText, escape, hide_escapes, reveal


def _one(text: str):
    items, problems = parse_gift("t.gift", text)
    assert problems == []
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("{}", "essay"),
        ("{####general feedback only}", "essay"),
        ("{#3:1}", "numerical"),
        ("{=a ~b}", "choice"),
        ("{~%50%a ~%50%b}", "choice"),
        ("{=a -> 1 =b -> 2}", "matching"),
        ("{T}", "true_false"),
        ("{TRUE#wrong#right}", "true_false"),
        ("{F}", "true_false"),
        ("{FALSE####general}", "true_false"),
        ("{true}", "short_answer"),  # Moodle reads only capitals as true/false
        ("{=a =b}", "short_answer"),
        ("{answer}", "short_answer"),
    ],
)
def test_the_answer_block_decides_the_kind_in_moodles_order(body, kind):
    assert _one(f"::t::Question {body}").kind == kind


def test_text_without_an_answer_block_is_a_description():
    assert _one("::t::Only words here.").kind == "description"


def test_escapes_are_plain_characters_and_do_not_count_as_structure():
    question = _one(r"::a\:b::Q \{x\} \~ \= \# \\ done\nnext{=r\=1#f\#2 ~w\~3}")
    assert question.title == "a:b"
    assert question.text.text == "Q {x} ~ = # \\ done\nnext"
    assert [a.text.text for a in question.answers] == ["r=1", "w~3"]
    assert question.answers[0].feedback.text == "f#2"


def test_an_unknown_escape_keeps_its_backslash_as_moodle_does():
    assert _one(r"::t::C\d {T}").text.text == r"C\d"


def test_hidden_escapes_keep_one_character_each_and_come_back():
    hidden, positions = hide_escapes(r"a\{b\\c\nd")
    assert len(hidden) == 7 and "{" not in hidden
    assert positions == [0, 1, 3, 4, 6, 7, 9]
    assert reveal(hidden) == "a{b\\c\nd"
    assert escape("9:00 {x} #1 ~ = \\ \n") == r"9\:00 \{x\} \#1 \~ \= \\ \n"


def test_a_format_prefix_sets_the_format_and_answers_inherit_it():
    question = _one("::t::[html]<b>Q</b>{=[plain]<i>a</i>#fb ~b#[markdown]**c**}")
    assert question.text == GiftText("<b>Q</b>", "html")
    assert question.answers[0].text == GiftText("<i>a</i>", "plain")
    assert question.answers[0].feedback == GiftText("fb", "html")
    assert question.answers[1].feedback == GiftText("**c**", "markdown")
    assert _one("::t::[shout]Q{T}").text == GiftText("[shout]Q", "moodle")


def test_weights_and_general_feedback():
    question = _one("::t::Q{~%50%a ~%-100%b ~%33.33333%c ~d =e ####all}")
    assert [a.weight for a in question.answers] == [50, -100, 33.33333, 0, 100]
    assert question.general_feedback.text == "all"


def test_true_false_feedback_comes_wrong_first_then_right():
    question = _one("::t::Q{F#shown for a wrong answer#shown for the right one}")
    assert question.truth is False
    assert question.wrong_feedback.text == "shown for a wrong answer"
    assert question.right_feedback.text == "shown for the right one"


def test_a_missing_word_question_joins_the_text_around_its_gap():
    question = _one("::t::家族の相談は、{=いつでも ~半年後に}受けられます。")
    assert question.gap
    assert question.text.text == "家族の相談は、＿＿＿受けられます。"


def test_matching_reads_an_empty_prompt_as_an_extra_answer():
    question = _one("::t::Q{=a -> 1 =[html]<b>b</b> -> 2 = -> 3}")
    assert [(p.prompt.text, p.answer) for p in question.pairs] == [
        ("a", "1"),
        ("<b>b</b>", "2"),
        ("", "3"),
    ]


def test_lines_are_counted_through_comments_bom_and_windows_line_endings():
    text = "\ufeff// note\r\n\r\n// c\r\n::t::Q{\r\n=a\r\n~%999%b\r\n}\r\n"
    items, problems = parse_gift("w.gift", text)
    assert items == []
    assert [str(p) for p in problems] == [
        "w.gift:6: bad weight '%999%': a percent from -100 to 100 between two '%', "
        "such as %50% or %-100%"
    ]


def test_a_question_knows_its_comments_and_a_category_stands_alone():
    items, problems = parse_gift("t.gift", "$CATEGORY: a/b\n\n// one\n::t::Q{T}\n// two\n")
    assert problems == []
    assert items[0] == GiftCategory(1, "a/b")
    assert [c.text for c in items[1].comments] == ["one", "two"]
    assert items[1].line == 4
