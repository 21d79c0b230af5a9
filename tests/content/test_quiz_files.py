from pathlib import Path

import pytest

from app.content.quiz_files import parse_quiz

SAMPLE = (Path(__file__).parent.parent / "fixtures/content/quizzes/sample.yaml").read_text()


def test_the_sample_quiz_parses_with_stable_ids_in_file_order():
    quiz, problems = parse_quiz("quizzes/sample.yaml", SAMPLE)
    assert problems == []
    assert [q.key for q in quiz.questions] == [
        "first",
        "second",
        "third",
        "fourth",
        "window-and-role",
    ]
    assert quiz.questions[1].correct_indexes == {0, 1}
    assert quiz.questions[3].scenario == "近所の方から相談を受けました。"


def _replace(old, new, count=1):
    assert old in SAMPLE
    return SAMPLE.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_replace("  - id: second", "  - id: first"), 18, "duplicate question id 'first'"),
        (
            _replace(
                "        correct: true\n        feedback: 正しい理由です。",
                "        correct: false\n        feedback: 正しい理由です。",
            ),
            9,
            "no option is marked correct",
        ),
        (
            _replace("        feedback: 誤っている理由です。\n", ""),
            13,
            "an option has no 'feedback'",
        ),
        (_replace("type: single", "type: essay"), 7, "unknown question type 'essay'"),
        (
            _replace("    scenario: 近所の方から相談を受けました。\n", ""),
            45,
            "a 'scenario' question needs a 'scenario'",
        ),
        (_replace("    source: G 2\n", ""), 6, "missing field 'source'"),
        (_replace("pass_mark: 60", "pass_mark: 160"), 2, "pass_mark: a percent"),
        (_replace("prompt: 正しいものはどれですか。", "prompt: [broken"), 9, "YAML syntax error"),
        (
            _replace(
                "        feedback: そのとおりです。\n",
                "        feedback: そのとおりです。\n      - text: 不明\n"
                "        correct: false\n        feedback: どちらでもありません。\n",
            ),
            36,
            "exactly two options",
        ),
    ],
)
def test_a_bad_quiz_names_the_line_of_each_problem(text, line, message):
    quiz, problems = parse_quiz("quizzes/sample.yaml", text)
    assert quiz is None
    assert any(p.line == line and message in p.message for p in problems), problems
