"""Exporting to GIFT: what Moodle reads, what only comments keep, and the round trip."""

from pathlib import Path

import pytest

from app.content.documents import MatchPair, Option, QuestionDoc, matching_options
from app.content.gift_import import import_gift
from app.content.gift_writer import export_gift
from app.content.library import load_library
from app.content.quiz_files import parse_quiz

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests/fixtures"


def _question(**fields) -> QuestionDoc:
    defaults = {
        "key": "q",
        "type": "single",
        "prompt": "問い",
        "options": (Option("はい", True, "理由1"), Option("いいえ", False, "理由2")),
        "explanation": "解説",
        "source": "G 2",
    }
    return QuestionDoc(**{**defaults, **fields})


def test_a_true_false_question_is_written_as_moodle_writes_one():
    question = _question(
        key="six-month-wait",
        type="true_false",
        prompt="「6か月たつまでは支援しない」",
        options=(Option("正しい", False, "違います。"), Option("誤り", True, "そのとおり。")),
    )
    assert export_gift([question]).text == (
        "// yorisoi-id: six-month-wait\n"
        "// source: G 2\n"
        "::six-month-wait::「6か月たつまでは支援しない」{\n"
        "\tFALSE\n"
        "\t#違います。\n"
        "\t#そのとおり。\n"
        "\t####解説\n"
        "}\n"
    )


def test_multiple_choice_gives_equal_weights_to_the_right_options_and_minus_100_to_the_rest():
    question = _question(
        type="multiple",
        options=(
            Option("a", True, "f"),
            Option("b", False, "f"),
            Option("c", True, "f"),
            Option("d", True, "f"),
        ),
    )
    exported = export_gift([question])
    assert "\t~%33.33333%a#f\n\t~%-100%b#f\n\t~%33.33333%c#f\n\t~%33.33333%d#f\n" in exported.text
    assert any("partial credit" in note for note in exported.notes)


def test_a_scenario_is_in_a_comment_and_at_the_start_of_the_text_that_moodle_shows():
    question = _question(
        type="scenario", scenario="事例の一行目。\n二行目: 続き", prompt="どうしますか。"
    )
    text = export_gift([question]).text
    assert "// scenario: 事例の一行目。\\n二行目: 続き\n" in text
    assert "::q::事例の一行目。\\n二行目\\: 続き\\n\\nどうしますか。{\n" in text


def test_matching_writes_pairs_extra_answers_and_keeps_pair_feedback_in_comments():
    pairs = (
        MatchPair("民生委員", "地域の見守り", "理由A"),
        MatchPair("相談員", "相談の受け止め", "理由B"),
    )
    extras = (Option("就職の決定", False, "理由C"),)
    question = _question(
        type="matching",
        options=matching_options(pairs, extras),
        pairs=pairs,
        distractors=extras,
    )
    exported = export_gift([question])
    assert exported.text == (
        "// yorisoi-id: q\n"
        "// source: G 2\n"
        "// pair-feedback-1: 理由A\n"
        "// pair-feedback-2: 理由B\n"
        "// extra-feedback-1: 理由C\n"
        "::q::問い{\n"
        "\t=民生委員 -> 地域の見守り\n"
        "\t=相談員 -> 相談の受け止め\n"
        "\t= -> 就職の決定\n"
        "\t####解説\n"
        "}\n"
    )
    assert exported.notes == (
        "q: the id, the source, the feedback of each pair and extra answer kept only in "
        "// comments",
    )


def test_text_that_moodle_would_take_for_html_or_a_format_is_written_as_plain_text():
    question = _question(
        prompt="[html] と書くと a < b になる",
        options=(Option("<b>太字</b>", True, "f"), Option("%で始まる", False, "f")),
    )
    text = export_gift([question]).text
    assert "::q::[plain][html] と書くと a < b になる{\n" in text
    assert "\t~%0%%で始まる#f\n" in text  # a '%' at the start would be read as a weight
    (back,) = import_gift("q.gift", text).questions
    assert back == question


def test_a_quiz_says_its_settings_are_not_written():
    quiz, _ = parse_quiz(
        "quizzes/sample.yaml", (FIXTURES / "content/quizzes/sample.yaml").read_text()
    )
    notes = export_gift(quiz).notes
    assert notes[0].startswith("the quiz settings (module 'sample', pass mark 60%")
    assert (
        "fourth: the id, the scenario (also at the start of the question text), the source"
        in notes[-2]
    )
    assert "window-and-role: the id, the source, the feedback of each pair" in notes[-1]


def _quizzes():
    """Every quiz of the curriculum, and the quiz fixtures (one with a matching question)."""
    for quiz in load_library(ROOT).quizzes:
        yield pytest.param(quiz.path, quiz.questions, id=quiz.path)
    for path in ("content/quizzes/sample.yaml", "matching/window-and-role.yaml"):
        quiz, problems = parse_quiz(path, (FIXTURES / path).read_text())
        assert problems == []
        yield pytest.param(path, quiz.questions, id=path)


@pytest.mark.parametrize(("path", "questions"), list(_quizzes()))
def test_every_quiz_comes_back_unchanged_from_gift(path, questions):
    exported = export_gift(questions)
    imported = import_gift(path, exported.text)
    assert imported.complete, imported.messages()
    assert imported.questions == questions
    assert export_gift(imported.questions).text == exported.text


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "gift").glob("*.gift")))
def test_every_imported_gift_sample_exports_and_imports_to_the_same_questions(name):
    first = import_gift(name, (FIXTURES / "gift" / name).read_text(), skip_unsupported=True)
    exported = export_gift(first.questions)
    again = import_gift(name, exported.text)
    assert again.problems == () and again.unsupported == ()
    assert again.questions == first.questions
    assert export_gift(again.questions).text == exported.text
