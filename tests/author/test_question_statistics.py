"""The statistics themselves: a pure function of the answer keys and the first attempts."""

import math

import pytest

from app.content.scoring import AnswerKey
from app.services.reporting.question_statistics import (
    TOO_EASY,
    TOO_HARD,
    WEAK_DISCRIMINATION,
    question_statistics,
)

KEYS = [AnswerKey(key, "single", frozenset({0})) for key in ("q1", "q2", "q3", "q4")]
RIGHT, WRONG = [0], [1]


def _attempt(*marks):
    """One learner's answers: 1 for the right option, 0 for the wrong one."""
    return {key.key: RIGHT if mark else WRONG for key, mark in zip(KEYS, marks, strict=True)}


# Five learners, four questions (totals 4, 3, 3, 2, 1).
ATTEMPTS = [
    _attempt(1, 1, 1, 1),
    _attempt(1, 0, 1, 1),
    _attempt(1, 1, 0, 1),
    _attempt(0, 0, 1, 1),
    _attempt(0, 0, 0, 1),
]


@pytest.fixture
def statistics():
    # Five learners: too few to flag anything by default, so the flags are asked for here.
    return {s.key: s for s in question_statistics(KEYS, ATTEMPTS, minimum=1)}


def test_facility_is_the_percentage_of_right_answers(statistics):
    assert statistics["q1"].facility == 60
    assert statistics["q2"].facility == 40
    assert statistics["q3"].facility == 60
    assert statistics["q4"].facility == 100
    assert statistics["q1"].attempts == 5 and statistics["q1"].right == 3


def test_discrimination_is_pearson_with_the_rest_of_the_test_times_100(statistics):
    # q1: x = 1 1 1 0 0, rest = 3 2 2 2 1; n = 5, Σx = 3, Σy = 10, Σxy = 7, Σx² = 3, Σy² = 22.
    # r = (5·7 − 3·10) / √((5·3 − 3²)(5·22 − 10²)) = 5 / √60
    assert statistics["q1"].discrimination == pytest.approx(100 * 5 / math.sqrt(60))
    assert round(statistics["q1"].discrimination, 1) == 64.5
    # q2: x = 1 0 1 0 0, rest = 3 3 2 2 1; r = (5·5 − 2·11) / √((5·2 − 2²)(5·27 − 11²)) = 3 / √84
    assert statistics["q2"].discrimination == pytest.approx(100 * 3 / math.sqrt(84))
    # q3: x = 1 1 0 1 0, rest = 3 2 3 1 1; Σxy = 6 and Σx·Σy / n = 3·10 / 5 = 6: no correlation.
    assert statistics["q3"].discrimination == 0


def test_a_question_everyone_gets_right_is_too_easy_and_has_no_discrimination(statistics):
    easy = statistics["q4"]
    assert easy.facility == 100
    assert easy.discrimination is None
    assert [flag.code for flag in easy.flags] == [TOO_EASY]


def test_questions_are_flagged_with_their_reasons(statistics):
    assert statistics["q1"].flags == ()
    assert statistics["q2"].flags == ()  # facility 40 %, discrimination 32.7
    assert [(f.code, f.limit) for f in statistics["q3"].flags] == [(WEAK_DISCRIMINATION, 20)]


def test_a_question_few_get_right_is_too_hard():
    (hard,) = question_statistics(KEYS[:1], [{"q1": WRONG}] * 3 + [{"q1": RIGHT}], minimum=4)
    assert hard.facility == 25
    assert hard.discrimination is None  # the rest of the test is empty: no variance
    assert [flag.code for flag in hard.flags] == [TOO_HARD]


def test_the_boundaries_themselves_are_not_flagged():
    keys = KEYS[:2]
    # q1 right 30 times in 100 (facility exactly 30); q2 right 95 times in 100.
    attempts = [
        {"q1": RIGHT if i < 30 else WRONG, "q2": RIGHT if i < 95 else WRONG} for i in range(100)
    ]
    q1, q2 = question_statistics(keys, attempts)
    assert q1.facility == 30 and TOO_HARD not in [f.code for f in q1.flags]
    assert q2.facility == 95 and TOO_EASY not in [f.code for f in q2.flags]


def test_one_attempt_gives_a_facility_but_no_discrimination():
    (only,) = question_statistics(KEYS[:1], [{"q1": RIGHT}])
    assert only.facility == 100
    assert only.discrimination is None


def test_no_attempts_gives_no_figures_and_no_flags():
    (empty,) = question_statistics(KEYS[:1], [])
    assert empty.attempts == 0
    assert empty.facility is None and empty.discrimination is None
    assert empty.flags == ()
    assert empty.chosen(0) == 0 and empty.chosen_percent(0) == 0


def test_choices_are_counted_per_option_and_a_missing_answer_is_wrong():
    keys = [AnswerKey("many", "multiple", frozenset({0, 1}))]
    attempts = [{"many": [0, 1]}, {"many": [0]}, {"many": [0, 1, 2]}, {}]
    (many,) = question_statistics(keys, attempts)
    assert many.right == 1  # only the exact set is right
    assert many.facility == 25
    assert [many.chosen(i) for i in range(3)] == [3, 2, 1]
    assert many.chosen_percent(0) == 75
