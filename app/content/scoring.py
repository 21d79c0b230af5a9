"""Marking an attempt: a pure function of the answer key and the learner's choices."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from app.content.documents import QuestionDoc
from app.content.question_types import QUESTION_TYPES


@dataclass(frozen=True)
class AnswerKey:
    """What is right for one question: a set of option indexes for choice questions, or for
    matching the answer index of each pair, in pair order (a tuple)."""

    key: str
    type: str
    correct: frozenset[int] | tuple[int, ...]


def answer_key(question: QuestionDoc) -> AnswerKey:
    """The key of a validated question, in the form its type marks against."""
    kind = QUESTION_TYPES[question.type]
    correct = kind.correct_answer(question)
    return AnswerKey(
        question.key, question.type, correct if kind.uses_pairs else frozenset(correct)
    )


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    percent: int
    passed: bool
    right: Mapping[str, bool]


def score_answers(
    keys: Sequence[AnswerKey], answers: Mapping[str, Collection[int]], pass_mark: int
) -> Score:
    """One point a question. The percent is rounded down, so it never shows a pass that isn't.

    `answers` maps a question key to the learner's option indexes: any order for choice
    questions, one index per pair in pair order for matching.
    """
    right = {
        key.key: QUESTION_TYPES[key.type].is_correct(key.correct, answers.get(key.key, ()))
        for key in keys
    }
    correct = sum(right.values())
    total = len(keys)
    percent = (100 * correct) // total if total else 0
    return Score(
        correct=correct,
        total=total,
        percent=percent,
        passed=correct * 100 >= pass_mark * total,
        right=right,
    )
