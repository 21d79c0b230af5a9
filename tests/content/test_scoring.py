from pathlib import Path

import pytest

from app.content.documents import Option, QuestionDoc
from app.content.question_types import QUESTION_TYPES
from app.content.quiz_files import parse_quiz
from app.content.scoring import AnswerKey, answer_key, score_answers

KEYS = [
    AnswerKey("a", "single", frozenset({1})),
    AnswerKey("b", "multiple", frozenset({0, 2})),
    AnswerKey("c", "true_false", frozenset({1})),
    AnswerKey("d", "scenario", frozenset({0})),
]


def test_all_right_is_full_marks():
    score = score_answers(KEYS, {"a": [1], "b": [2, 0], "c": [1], "d": [0]}, pass_mark=80)
    assert (score.correct, score.total, score.percent, score.passed) == (4, 4, 100, True)


def test_a_multiple_choice_needs_exactly_the_correct_set():
    partial = score_answers(KEYS, {"b": [0]}, pass_mark=80)
    extra = score_answers(KEYS, {"b": [0, 1, 2]}, pass_mark=80)
    assert partial.right["b"] is False and extra.right["b"] is False


def test_unanswered_questions_score_nothing():
    score = score_answers(KEYS, {}, pass_mark=1)
    assert score.correct == 0 and score.passed is False


def test_the_percent_rounds_down_so_it_never_shows_a_false_pass():
    keys = [AnswerKey(str(i), "single", frozenset({0})) for i in range(3)]
    score = score_answers(keys, {"0": [0], "1": [0]}, pass_mark=67)
    assert score.percent == 66
    assert score.passed is False


def test_the_pass_mark_itself_passes():
    keys = [AnswerKey(str(i), "single", frozenset({0})) for i in range(5)]
    score = score_answers(keys, {str(i): [0] for i in range(4)}, pass_mark=80)
    assert (score.percent, score.passed) == (80, True)


def _matching_question():
    fixture = Path(__file__).parent.parent / "fixtures/matching/window-and-role.yaml"
    quiz, problems = parse_quiz("quizzes/m.yaml", fixture.read_text())
    assert problems == []
    return quiz.questions[0]


def test_a_matching_question_is_right_only_when_every_pair_is_matched():
    key = answer_key(_matching_question())
    assert key.correct == (3, 2, 0)
    score = score_answers([key], {"window-and-role": [3, 2, 0]}, pass_mark=100)
    assert score.right["window-and-role"] is True and score.passed


@pytest.mark.parametrize(
    "answer",
    [
        [0, 2, 3],  # the right choices, for the wrong prompts: order is the answer
        [3, 2, 1],  # two of three: no partial credit
        [3, 2],  # a prompt left unanswered
        [3, 2, 0, 1],
        [],
    ],
)
def test_a_matching_answer_that_is_not_exactly_right_scores_nothing(answer):
    key = answer_key(_matching_question())
    score = score_answers([key], {"window-and-role": answer}, pass_mark=1)
    assert score.right["window-and-role"] is False and score.correct == 0


def test_choice_answers_are_normalised_as_sets_and_matching_answers_keep_their_order():
    assert QUESTION_TYPES["multiple"].normalise_answer([2, 0, 2]) == (0, 2)
    assert QUESTION_TYPES["single"].normalise_answer([1]) == (1,)
    assert QUESTION_TYPES["matching"].normalise_answer([2, 0, 2]) == (2, 0, 2)


def test_a_matching_key_given_as_a_set_is_refused_rather_than_guessed():
    with pytest.raises(TypeError):
        QUESTION_TYPES["matching"].is_correct(frozenset({0, 2, 3}), [3, 2, 0])


def test_answer_key_keeps_choice_questions_as_sets():
    question = QuestionDoc(
        "q", "multiple", "問", (Option("a", True, "f"), Option("b", False, "f")), "e", "G 2"
    )
    assert answer_key(question) == AnswerKey("q", "multiple", frozenset({0}))
