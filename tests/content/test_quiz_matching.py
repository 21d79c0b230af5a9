"""Matching questions in quiz files: pairs, distractors, one fixed order of choices."""

from pathlib import Path

import pytest

from app.content.documents import MatchPair
from app.content.quiz_files import parse_quiz

PATH = "quizzes/window-and-role.yaml"
SAMPLE = (Path(__file__).parent.parent / "fixtures/matching/window-and-role.yaml").read_text()


def _replace(old: str, new: str) -> str:
    assert old in SAMPLE, old
    return SAMPLE.replace(old, new, 1)


def test_a_matching_question_lists_its_pairs_and_choices_sorted_by_text():
    quiz, problems = parse_quiz(PATH, SAMPLE)
    assert problems == []
    question = quiz.questions[0]
    assert question.type == "matching"
    assert question.pairs[0] == MatchPair(
        "地域包括支援センター",
        "高齢の方と家族の総合的な相談",
        "高齢の親の介護の相談から、同居する子の状態に気づくことがあります。",
    )
    # One order for everyone, not the pairs' order: sorted by text.
    assert [o.text for o in question.options] == [
        "ひきこもりに特化した専門の相談",
        "就職先をその場で決める窓口",
        "暮らしやお金の困りごとの相談",
        "高齢の方と家族の総合的な相談",
    ]
    assert [o.correct for o in question.options] == [True, False, True, True]
    assert question.options[1].feedback.startswith("どの相談先も")
    assert question.answer_indexes == (3, 2, 0)
    assert question.distractors[0].text == "就職先をその場で決める窓口"


def test_distractors_are_optional():
    start = SAMPLE.index("    distractors:")
    end = SAMPLE.index("    explanation:")
    quiz, problems = parse_quiz(PATH, SAMPLE[:start] + SAMPLE[end:])
    assert problems == []
    assert len(quiz.questions[0].options) == 3


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            _replace(
                "      - prompt: 生活困窮者自立相談支援機関\n"
                "        answer: 暮らしやお金の困りごとの相談\n"
                "        feedback: 家計や住まいの不安は、世帯全体の支援の入り口になります。\n"
                "      - prompt: ひきこもり地域支援センター\n"
                "        answer: ひきこもりに特化した専門の相談\n"
                "        feedback: 本人や家族の相談を受け、地域の支援機関と連携します。\n",
                "",
            ),
            7,
            "a 'matching' question needs at least two pairs",
        ),
        (
            _replace("        answer: 暮らしやお金の困りごとの相談\n", ""),
            11,
            "a pair has no 'answer'",
        ),
        (
            _replace("      - prompt: 生活困窮者自立相談支援機関\n", "      - x: 1\n"),
            11,
            "a pair has no 'prompt'",
        ),
        (
            _replace(
                "        feedback: 家計や住まいの不安は、世帯全体の支援の入り口になります。\n", ""
            ),
            11,
            "a pair has no 'feedback'",
        ),
        (
            _replace(
                "answer: 暮らしやお金の困りごとの相談", "answer: 高齢の方と家族の総合的な相談"
            ),
            11,
            "answer '高齢の方と家族の総合的な相談' is also the answer on line 8",
        ),
        (
            _replace("prompt: 生活困窮者自立相談支援機関", "prompt: 地域包括支援センター"),
            11,
            "prompt '地域包括支援センター' is also on line 8",
        ),
        (
            _replace("text: 就職先をその場で決める窓口", "text: 暮らしやお金の困りごとの相談"),
            18,
            "distractor '暮らしやお金の困りごとの相談' is also the answer on line 11",
        ),
        (
            _replace("      - text: 就職先をその場で決める窓口\n", "      - x: 1\n"),
            18,
            "a distractor needs 'text'",
        ),
        (
            _replace(
                "        feedback: どの相談先も、本人のペースを大切にします。"
                "すぐに就職を決める窓口はありません。\n",
                "",
            ),
            18,
            "a distractor has no 'feedback'",
        ),
        (
            _replace(
                "    explanation: 相談先",
                "    options:\n      - {text: あ, correct: true, feedback: い}\n"
                "    explanation: 相談先",
            ),
            20,
            "a 'matching' question has 'pairs' (and 'distractors'), not 'options'",
        ),
        (
            _replace("type: matching", "type: single"),
            7,
            "'pairs' belongs to 'matching' questions only",
        ),
        (
            _replace("type: matching", "type: single"),
            17,
            "'distractors' belongs to 'matching' questions only",
        ),
        (_replace("    pairs:\n", "    pears:\n"), 4, "missing field 'pairs' (a list)"),
    ],
)
def test_a_bad_matching_question_names_the_line_of_each_problem(text, line, message):
    quiz, problems = parse_quiz(PATH, text)
    assert quiz is None
    assert any(p.line == line and message in p.message for p in problems), problems
