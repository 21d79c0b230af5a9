"""Question statistics for trainers, computed on each learner's first attempt at a quiz.

Later attempts are left out on purpose: a learner who retries has read the feedback, so
only the first attempt says how hard a question is and whether it tells apart those who
have learned the module from those who have not (as in Moodle's quiz statistics).

Questions are flagged only from MIN_FIRST_ATTEMPTS first attempts on: with one or two, every
question would be "too easy" or "too hard". Twenty, because below it one learner moves a
facility by more than five points, so that "over 95 %" could only mean "nobody has missed it
yet"; from twenty on, "too easy" means none of at least twenty learners missed it, and a
discrimination index is no longer decided by one or two people. Fewer than that, the figures
are shown without flags, and the page says why.
"""

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.content.question_types import QUESTION_TYPES
from app.content.scoring import AnswerKey
from app.extensions import db
from app.models import Attempt, Module, ModuleVersion, Question, Quiz, QuizVersion
from app.services.learning.attempts import answer_keys
from app.vocabulary import AttemptState

# A question is flagged for review outside these bounds (percent, and the index × 100).
FACILITY_LOW = 30
FACILITY_HIGH = 95
DISCRIMINATION_LOW = 20
# First attempts a quiz version needs before its questions are flagged (see above).
MIN_FIRST_ATTEMPTS = 20

TOO_HARD = "too_hard"
TOO_EASY = "too_easy"
WEAK_DISCRIMINATION = "weak_discrimination"

Answers = Mapping[str, Collection[int]]


@dataclass(frozen=True)
class Flag:
    """Why a question needs a trainer's look: `code` is one of the constants above."""

    code: str
    limit: int


@dataclass(frozen=True)
class QuestionStatistics:
    key: str
    attempts: int
    right: int
    # Percent of first attempts that got the question right; None without attempts.
    facility: float | None
    # Pearson correlation with the rest-of-test score, × 100; None when undefined.
    discrimination: float | None
    # Option index → how many first attempts chose it.
    choices: Mapping[int, int]
    flags: tuple[Flag, ...]
    # The percent a learner who guesses would score (Moodle's random guess score); None if
    # it was not given.
    random_guess: float | None = None
    # Matching questions: for each pair, how many first attempts matched it right.
    pairs_right: tuple[int, ...] = ()
    # Whether there were enough first attempts to flag the question at all.
    judged: bool = True

    def chosen(self, index: int) -> int:
        return self.choices.get(index, 0)

    def chosen_percent(self, index: int) -> float:
        return 100 * self.chosen(index) / self.attempts if self.attempts else 0.0

    def pair_right_percent(self, index: int) -> float:
        if not self.attempts or index >= len(self.pairs_right):
            return 0.0
        return 100 * self.pairs_right[index] / self.attempts


def question_statistics(
    keys: Sequence[AnswerKey],
    answers: Iterable[Answers],
    random_guesses: Sequence[float] | None = None,
    minimum: int = MIN_FIRST_ATTEMPTS,
) -> list[QuestionStatistics]:
    """Facility, discrimination, choice counts and flags for each question, in `keys` order.

    `answers` holds one dict per learner (their first attempt): question key → the option
    indexes chosen (for matching, one per pair in pair order). A question scores 1 when
    right, 0 otherwise; an unanswered one is wrong. `random_guesses` gives each question's
    random guess score (0–1), in `keys` order. Flags are given only from `minimum` attempts.
    """
    answers = list(answers)
    judged = len(answers) >= minimum
    scores = [
        [
            int(QUESTION_TYPES[key.type].is_correct(key.correct, given.get(key.key, ())))
            for key in keys
        ]
        for given in answers
    ]
    totals = [sum(row) for row in scores]
    statistics = []
    for position, key in enumerate(keys):
        right = [row[position] for row in scores]
        rest = [total - score for total, score in zip(totals, right, strict=True)]
        facility = 100 * sum(right) / len(right) if right else None
        discrimination = _correlation(right, rest)
        statistics.append(
            QuestionStatistics(
                key=key.key,
                attempts=len(right),
                right=sum(right),
                facility=facility,
                discrimination=None if discrimination is None else 100 * discrimination,
                choices=Counter(
                    index for given in answers for index in set(given.get(key.key, ()))
                ),
                flags=_flags(facility, discrimination) if judged else (),
                random_guess=None if random_guesses is None else 100 * random_guesses[position],
                pairs_right=_pairs_right(key, answers),
                judged=judged,
            )
        )
    return statistics


def _pairs_right(key: AnswerKey, answers: Sequence[Answers]) -> tuple[int, ...]:
    """For a matching key (one answer index per pair), how often each pair was matched."""
    if not isinstance(key.correct, tuple):
        return ()
    counts = [0] * len(key.correct)
    for given in answers:
        chosen = list(given.get(key.key, ()))
        for index, right in enumerate(key.correct):
            counts[index] += index < len(chosen) and chosen[index] == right
    return tuple(counts)


def _correlation(xs: Sequence[int], ys: Sequence[int]) -> float | None:
    """Pearson's r, or None with fewer than two pairs or when either side never varies.

    Integer sums keep a zero variance exactly zero.
    """
    n = len(xs)
    if n < 2:
        return None
    sum_x, sum_y = sum(xs), sum(ys)
    covariance = n * sum(x * y for x, y in zip(xs, ys, strict=True)) - sum_x * sum_y
    variance_x = n * sum(x * x for x in xs) - sum_x * sum_x
    variance_y = n * sum(y * y for y in ys) - sum_y * sum_y
    if variance_x == 0 or variance_y == 0:
        return None
    return covariance / math.sqrt(variance_x * variance_y)


def _flags(facility: float | None, discrimination: float | None) -> tuple[Flag, ...]:
    flags = []
    if facility is not None and facility < FACILITY_LOW:
        flags.append(Flag(TOO_HARD, FACILITY_LOW))
    if facility is not None and facility > FACILITY_HIGH:
        flags.append(Flag(TOO_EASY, FACILITY_HIGH))
    if discrimination is not None and 100 * discrimination < DISCRIMINATION_LOW:
        flags.append(Flag(WEAK_DISCRIMINATION, DISCRIMINATION_LOW))
    return tuple(flags)


def first_attempt_answers(version_ids: Collection[int]) -> dict[int, list[dict]]:
    """Quiz version id → the answers of each learner's first submitted attempt on it.

    One query, whatever the number of learners: a window function numbers each learner's
    submitted attempts by submission time (the id breaks ties) and keeps the first.
    """
    if not version_ids:
        return {}
    rank = (
        sa.func.row_number()
        .over(
            partition_by=(Attempt.quiz_version_id, Attempt.user_id),
            order_by=(Attempt.submitted_at, Attempt.id),
        )
        .label("rank")
    )
    ranked = (
        sa.select(Attempt.quiz_version_id, Attempt.user_id, Attempt.answers, rank)
        .where(Attempt.quiz_version_id.in_(version_ids), Attempt.state == AttemptState.SUBMITTED)
        .subquery()
    )
    found: dict[int, list[dict]] = {version_id: [] for version_id in version_ids}
    for version_id, answers in db.session.execute(
        sa.select(ranked.c.quiz_version_id, ranked.c.answers)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.quiz_version_id, ranked.c.user_id)
    ):
        found[version_id].append(answers or {})
    return found


@dataclass(frozen=True)
class QuizStatistics:
    """One module's quiz (its current version) with the statistics of every question."""

    module: Module
    version: QuizVersion
    attempts: int
    questions: list[tuple[Question, QuestionStatistics]]
    minimum: int = MIN_FIRST_ATTEMPTS

    @property
    def flagged(self) -> int:
        return sum(bool(statistics.flags) for _question, statistics in self.questions)

    @property
    def judged(self) -> bool:
        """Enough first attempts to flag questions (MIN_FIRST_ATTEMPTS)."""
        return self.attempts >= self.minimum


def statistics_overview() -> list[QuizStatistics]:
    """Every published module's quiz, in curriculum order; a fixed number of queries."""
    return _statistics(_published_quizzes())


def statistics_for_quiz(slug: str) -> QuizStatistics | None:
    """The statistics of module `slug`'s quiz; None when there is no such published quiz."""
    found = _statistics(_published_quizzes().where(Module.slug == slug))
    return found[0] if found else None


def _published_quizzes() -> sa.Select:
    return (
        sa.select(Module, QuizVersion)
        .join(Module.current_version)
        .join(Quiz, Quiz.module_id == Module.id)
        .join(QuizVersion, QuizVersion.id == Quiz.current_version_id)
        .options(so.contains_eager(Module.current_version), so.selectinload(QuizVersion.questions))
        .order_by(ModuleVersion.position, Module.slug)
    )


def random_guesses(version: QuizVersion) -> list[float]:
    """Each question's random guess score (0–1), from its type and its options and pairs."""
    return [
        QUESTION_TYPES[q.type].random_guess_score(len(q.options), len(q.pairs or ()))
        for q in version.questions
    ]


def _statistics(query: sa.Select) -> list[QuizStatistics]:
    quizzes = db.session.execute(query).all()
    answers = first_attempt_answers([version.id for _module, version in quizzes])
    return [
        QuizStatistics(
            module=module,
            version=version,
            attempts=len(answers[version.id]),
            questions=list(
                zip(
                    version.questions,
                    question_statistics(
                        answer_keys(version), answers[version.id], random_guesses(version)
                    ),
                    strict=True,
                )
            ),
        )
        for module, version in quizzes
    ]
