"""Importing GIFT: what becomes a Yorisoi question, and what the result tells the person."""

from pathlib import Path

import pytest

from app.content.documents import MatchPair, Option, QuestionDoc
from app.content.gift_import import import_gift

GIFT = Path(__file__).parent.parent / "fixtures/gift"


def _import(name: str, **options):
    return import_gift(name, (GIFT / name).read_text(encoding="utf-8"), **options)


def test_single_choice_missing_word_escapes_and_ids_from_titles():
    result = _import("choice.gift")
    assert result.complete, result.messages()
    first, gap, symbols, untitled = result.questions
    assert [q.key for q in result.questions] == ["first-contact", "first-contact-2", "q-03", "q-04"]
    assert first == QuestionDoc(
        key="first-contact",
        type="single",
        prompt="最初の相談で、まず大切にしたいことはどれですか。",
        options=(
            Option(
                "話をよく聴き、相談してくれたことをねぎらう",
                True,
                "相談に来るまでの迷いを受け止めることから始まります。",
            ),
            Option(
                "すぐに本人に会わせてもらう",
                False,
                "本人の気持ちが整う前に会おうとすると、負担になることがあります。",
            ),
            Option("原因をはっきりさせる", False, "原因探しは家族を追い詰めることがあります。"),
        ),
        explanation="最初の接点では、聴くことと、ねぎらうことを大切にします。",
        source="G 5-1",
    )
    assert first.line == 3
    assert gap.prompt == "家族の相談は、＿＿＿受けられます。"
    # A feedback running over two lines keeps its line break, as Moodle keeps it.
    assert gap.options[1].feedback == "そのとおりです。家族の相談も\n大切な支援の入り口です。"
    assert symbols.prompt == "窓口の案内に書く記号として正しいものはどれですか: 「{予約}」の書き方"
    assert [o.text for o in symbols.options] == [
        "受付時間 9:00〜17:00 = 平日のみ",
        "相談 #1 ~ #3",
        "C:\\相談\\案内.txt",
    ]
    assert symbols.options[2].feedback == "バックスラッシュは「\\\\」と書きます。"
    assert symbols.explanation == "エスケープの見本です。\n二行目です。"
    assert untitled.options[1] == Option("あれ", False, "違います。")


def test_the_changes_say_how_ids_were_made_and_where_a_gap_was_put():
    assert [str(c) for c in _import("choice.gift").changes] == [
        "choice.gift:13: id 'first-contact-2': another question already has the id 'first-contact'",
        "choice.gift:13: the answer block stood inside the sentence: the gap is shown as ＿＿＿",
        "choice.gift:22: id 'q-03' (the title '記号の問題' has no Latin letters to make an id of)",
        "choice.gift:30: id 'q-04' (no ::title::)",
    ]


def test_true_false_becomes_正しい_and_誤り_with_moodles_two_feedbacks():
    result = _import("true-false.gift")
    six, state, short, long = result.questions
    assert six.type == "true_false"
    assert six.options == (
        Option("正しい", False, "定義の6か月は、待つための線ではありません。"),
        Option("誤り", True, "そのとおりです。"),
    )
    assert state.options == (
        Option("正しい", True, "そのとおりです。"),
        Option("誤り", False, "ひきこもりは病気の名前ではなく、状態をあらわす言葉です。"),
    )
    assert [o.correct for o in short.options] == [True, False]
    assert [o.correct for o in long.options] == [False, True]


def test_what_is_missing_is_listed_per_question_and_nothing_is_invented():
    result = _import("true-false.gift")
    assert not result.refused and not result.complete
    assert [str(m) for m in result.missing] == [
        "true-false.gift:7: question 'short-true' has no feedback on 「正しい」; no feedback on "
        "「誤り」; no explanation (general feedback after '####'); no source (a '// source: G 2' "
        "comment line)",
        "true-false.gift:9: question 'long-false' has no feedback on 「正しい」; no feedback on "
        "「誤り」; no source (a '// source: G 2' comment line)",
    ]
    assert result.questions[2].explanation == "" and result.questions[2].source == ""


def test_multiple_answer_with_equal_weights_is_multiple_and_says_partial_credit_is_dropped():
    result = _import("multiple-answer.gift")
    household, one_right = result.questions
    assert household.type == "multiple"
    assert household.correct_indexes == {0, 1}
    assert one_right.correct_indexes == {0}
    # Only the first could give partial credit in Moodle; the second is all or nothing there too.
    assert [str(c) for c in result.changes] == [
        "multiple-answer.gift:2: partial credit dropped: right only when exactly the 2 "
        "option(s) with a positive weight are chosen"
    ]


def test_matching_from_moodle_keeps_pairs_and_extra_answer_and_lists_missing_feedback():
    result = _import("matching.gift")
    (question,) = result.questions
    assert question.type == "matching"
    assert question.prompt == "それぞれの相談先に、いちばん合う役割を選んでください。"
    assert question.pairs[1] == MatchPair(
        "生活困窮者自立相談支援機関", "暮らしやお金の困りごとの相談", ""
    )
    assert question.distractors == (Option("就職先をその場で決める窓口", False, ""),)
    assert question.answer_indexes == (3, 2, 0)
    (missing,) = result.missing
    assert missing.line == 2 and missing.key == "windows-and-roles"
    assert missing.fields[0] == (
        "feedback on the pair 「地域包括支援センター」 (a '// pair-feedback-1:' comment line)"
    )
    assert missing.fields[3] == (
        "feedback on the extra answer 「就職先をその場で決める窓口」 "
        "(a '// extra-feedback-1:' comment line)"
    )


def test_html_is_sanitised_then_reduced_to_plain_text_and_other_formats_kept():
    result = _import("formats.gift")
    formats, moodle = result.questions
    assert formats.prompt == "次のうち、本人の気持ちを大切にした声かけはどれですか。"
    assert "alert" not in formats.prompt
    assert formats.options[0].text == "「来てくれてありがとう」"
    assert formats.options[0].feedback == "<b>ねぎらい</b>は文字のまま残ります。"  # [plain]
    assert formats.options[1].feedback == "**急がせる**言葉は負担になります。"
    assert formats.options[2].feedback == "責める言葉は、つらさを 深めます。"
    assert formats.explanation == "ねぎらいから&始めます。"
    assert moodle.options[0].feedback == "書式名は取り除かれます。"
    assert [str(c) for c in result.changes] == [
        "formats.gift:1: '$CATEGORY: $course$/top/声かけ' ignored: Yorisoi has no categories",
        "formats.gift:4: HTML reduced to plain text (after the module sanitiser)",
        "formats.gift:4: Markdown kept as written: Yorisoi shows question text as plain text",
    ]


def test_the_exporters_comments_give_back_id_scenario_source_and_pair_feedback():
    result = _import("yorisoi-export.gift")
    assert result.complete, result.messages()
    scenario, matching, marked = result.questions
    assert (scenario.key, scenario.type) == ("listen-first", "scenario")
    assert scenario.scenario == (
        "近所の方から、となりの家の息子さんを\nしばらく見かけないと相談を受けました。"
    )
    assert scenario.prompt == "まず何をしますか。"
    assert scenario.source == "G 提言5"
    assert matching.key == "window_and_role"
    assert matching.pairs[0].feedback == "介護の相談から、同居する子の状態に気づくことがあります。"
    assert matching.distractors[0].feedback == "すぐに就職を決める窓口はありません。"
    assert (marked.type, [o.text for o in marked.options]) == ("true_false", ["はい", "いいえ"])
    assert result.changes == ()


def test_windows_line_endings_and_a_bom_read_like_any_file():
    result = _import("windows-crlf-bom.gift")
    assert result.complete, result.messages()
    assert [(q.key, q.line) for q in result.questions] == [("windows-one", 3), ("windows-two", 10)]
    assert result.questions[1].options[0] == Option("正しい", True, "正しい理由です。")


UNSUPPORTED = [
    "unsupported.gift:4: an essay question ('{}'): Yorisoi only has questions it marks itself",
    "unsupported.gift:6: a numerical question ('{#…}'): not a Yorisoi question type",
    "unsupported.gift:8: a short-answer question ('{=a =b}', typed answers): not a Yorisoi "
    "question type",
    "unsupported.gift:10: a description (text with no answer block): not a question",
    "unsupported.gift:12: partial credit (50% for 「家族の望み」) in a one-answer question: "
    "Yorisoi marks an answer right or wrong",
    "unsupported.gift:14: partial credit with unequal weights (50%, 30%, 20%): Yorisoi's "
    "'multiple' is right only when exactly the right options are chosen",
    "unsupported.gift:16: the answer 「地域の相談」 appears twice: in Yorisoi each prompt has "
    "its own answer and an extra answer matches none",
]


def test_unsupported_questions_refuse_the_file_naming_each_with_its_line():
    result = _import("unsupported.gift")
    assert result.refused and result.questions == ()
    assert [str(p) for p in result.unsupported] == UNSUPPORTED
    assert result.skipped == () and result.problems == ()


def test_asked_to_skip_them_the_rest_is_imported_and_they_are_listed_as_skipped():
    result = _import("unsupported.gift", skip_unsupported=True)
    assert not result.refused and result.complete
    assert [q.key for q in result.questions] == ["kept"]
    assert [str(p) for p in result.skipped] == UNSUPPORTED
    assert result.unsupported == ()
    assert result.messages()[0] == (
        "unsupported.gift:4: skipped: an essay question ('{}'): Yorisoi only has questions it "
        "marks itself"
    )


BROKEN = {
    "unclosed-brace.gift": [
        "unclosed-brace.gift:5: '{' is not closed with '}' (a blank line ends a question)",
    ],
    "no-answers.gift": [
        "no-answers.gift:1: the answer block has no answers",
        "no-answers.gift:3: the answer block has no answers",
        "no-answers.gift:5: a choice question needs at least two answers",
        "no-answers.gift:9: an answer with no text",
    ],
    "arrow-outside-matching.gift": [
        f"arrow-outside-matching.gift:{line}: '->' is for matching questions, whose answers "
        "are all '=prompt -> answer' (no '~')"
        for line in (2, 3, 4, 7)
    ],
    "bad-weight.gift": [
        "bad-weight.gift:2: bad weight '%150%': a percent from -100 to 100 between two '%', "
        "such as %50% or %-100%",
        "bad-weight.gift:7: bad weight '%50': a percent from -100 to 100 between two '%', "
        "such as %50% or %-100%",
        "bad-weight.gift:11: bad weight '%5O%': a percent from -100 to 100 between two '%', "
        "such as %50% or %-100%",
        "bad-weight.gift:13: the positive weights add up to 80%, not 100%",
        "bad-weight.gift:15: no answer is right: mark one with '=', or give the right ones a "
        "positive weight such as ~%50%",
    ],
    "many-problems.gift": [
        "many-problems.gift:5: the title is not closed with '::'",
        "many-problems.gift:7: '}' without a '{' before it (write '\\}' for a brace in text)",
        "many-problems.gift:9: a question has one answer block; another starts here",
        "many-problems.gift:11: text before the first answer: start each answer with '~' or '='",
        "many-problems.gift:13: a matching pair is written '=prompt -> answer'",
        "many-problems.gift:15: a matching pair has no '#' feedback in GIFT (write '\\#' for "
        "the sign)",
        "many-problems.gift:17: a true/false answer has at most two feedbacks: "
        "{T#feedback for a wrong answer#feedback for the right one}",
        "many-problems.gift:20: a '$CATEGORY:' line stands alone: end it with a blank line",
        "many-problems.gift:22: bad '// yorisoi-id: Bad Id' (lowercase letters, digits, '-' "
        "or '_')",
        "many-problems.gift:30: '// source:' is given twice (also line 29)",
        "many-problems.gift:31: duplicate question id 'same' (also line 26)",
        "many-problems.gift:33: '// scenario:' belongs to a one-answer question ('=' and '~')",
        "many-problems.gift:36: '// pair-feedback-3:' names no pair of this question",
        "many-problems.gift:39: '// yorisoi-type: matching' does not fit this question",
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_lists_every_problem_with_its_line_and_imports_nothing(name):
    result = import_gift(name, (GIFT / "broken" / name).read_text(encoding="utf-8"))
    assert [str(p) for p in result.problems] == BROKEN[name]
    assert result.refused and result.questions == ()
    # Skipping unsupported questions never lets a broken file through.
    assert import_gift(name, (GIFT / "broken" / name).read_text(), skip_unsupported=True).refused


def test_an_empty_file_is_refused():
    result = import_gift("empty.gift", "// only a comment\n")
    assert [str(p) for p in result.problems] == ["empty.gift:1: no questions in this file"]
