"""Quiz attempts: started, then submitted exactly once, marked on the server only."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from app.content.documents import MatchPair, Option, QuestionDoc
from app.content.question_types import QUESTION_TYPES
from app.content.scoring import AnswerKey, answer_key, score_answers
from app.extensions import db
from app.models import Attempt, Module, Question, QuizVersion, User
from app.models.learning import AttemptLayout
from app.models.timestamps import utcnow
from app.services.learning.published import published_modules, quiz_version
from app.services.learning.reading import complete_if_done
from app.services.learning.recertification import what_counts
from app.vocabulary import AttemptState


def submitted_count(user: User, module: Module) -> int:
    """Submitted attempts that count against the limit: after a change that asked for
    re-certification, the learner has the quiz's attempts afresh."""
    return db.session.execute(
        sa.select(sa.func.count(Attempt.id)).where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.state == AttemptState.SUBMITTED,
            what_counts([module.id]).counted_attempt(),
        )
    ).scalar_one()


def last_submitted(user: User, module: Module) -> Attempt | None:
    """The learner's most recently submitted attempt at this module's quiz, if any."""
    return db.session.scalar(
        sa.select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.state == AttemptState.SUBMITTED,
        )
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
        .limit(1)
    )


def best_score(user: User, module: Module) -> int | None:
    """The learner's best score at this module's quiz, over every submitted attempt."""
    return db.session.execute(
        sa.select(sa.func.max(Attempt.score)).where(
            Attempt.user_id == user.id,
            Attempt.module_id == module.id,
            Attempt.state == AttemptState.SUBMITTED,
        )
    ).scalar_one()


def version_of(attempt: Attempt) -> QuizVersion:
    """The quiz version the attempt was opened on, with its questions (cached: immutable)."""
    version = quiz_version(attempt.quiz_version_id)
    assert version is not None, f"attempt {attempt.id} has no quiz version"
    return version


def _current_quiz(module: Module) -> QuizVersion:
    """The quiz learners take now; only called for a module that has one."""
    assert module.quiz is not None, f"module {module.slug} has no quiz"
    version = quiz_version(module.quiz.version.id)
    assert version is not None
    return version


def attempts_left(user: User, module: Module) -> int | None:
    """None means no limit."""
    limit = _current_quiz(module).max_attempts
    return None if limit is None else max(0, limit - submitted_count(user, module))


def attempt_in_progress(user: User, module: Module) -> Attempt | None:
    """The learner's attempt in progress on the current quiz version, if there is one."""
    version = _current_quiz(module)
    return db.session.scalar(
        sa.select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.quiz_version_id == version.id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
        .order_by(Attempt.id.desc())
    )


def start_attempt(user: User, module: Module) -> Attempt | None:
    """A new attempt on the current quiz version; None when the quiz's attempt limit is
    reached."""
    if attempts_left(user, module) == 0:
        return None
    version = _current_quiz(module)
    attempt = Attempt(
        user_id=user.id,
        quiz_version_id=version.id,
        module_id=module.id,
        layout=_shuffled_layout(version) if version.shuffle else None,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def open_attempt(user: User, module: Module) -> Attempt | None:
    """The learner's attempt in progress, started if need be (None at the attempt limit)."""
    return attempt_in_progress(user, module) or start_attempt(user, module)


def _shuffled_layout(version: QuizVersion) -> AttemptLayout:
    rng = random.SystemRandom()
    keys = [q.key for q in version.questions]
    rng.shuffle(keys)
    options: dict[str, list[int]] = {}
    for question in version.questions:
        order = list(range(len(question.options)))
        # A matching question's choices keep their one order (sorted by text): it is what
        # makes "the i-th choice for the i-th prompt" no cue.
        if not question.pairs:
            rng.shuffle(order)
        options[question.key] = order
    return AttemptLayout(questions=keys, options=options)


@dataclass(frozen=True)
class ShownQuestion:
    question: Question
    option_order: list[int]


def shown_questions(attempt: Attempt, version: QuizVersion) -> list[ShownQuestion]:
    """Questions in the order this attempt shows them: the file's order unless shuffled."""
    by_key = {q.key: q for q in version.questions}
    if not attempt.layout:
        return [ShownQuestion(q, list(range(len(q.options)))) for q in version.questions]
    return [
        ShownQuestion(by_key[key], attempt.layout["options"][key])
        for key in attempt.layout["questions"]
        if key in by_key
    ]


def question_doc(question: Question) -> QuestionDoc:
    """A stored question as the content layer validated it, for marking by its type."""
    options = tuple(Option(o["text"], o["correct"], o["feedback"]) for o in question.options)
    pairs = tuple(
        MatchPair(pair["prompt"], options[pair["answer"]].text, pair["feedback"])
        for pair in question.pairs or ()
    )
    answers = {pair["answer"] for pair in question.pairs or ()}
    return QuestionDoc(
        key=question.key,
        type=question.type,
        prompt=question.prompt,
        options=options,
        explanation=question.explanation,
        source=question.source,
        scenario=question.scenario,
        pairs=pairs,
        distractors=tuple(o for i, o in enumerate(options) if pairs and i not in answers),
    )


def answer_keys(version: QuizVersion) -> list[AnswerKey]:
    """What is right for each question of `version`, in the form its type marks against."""
    return [answer_key(question_doc(q)) for q in version.questions]


def submit_attempt(attempt: Attempt, answers: Mapping[str, list[int]]) -> bool:
    """Mark and record the attempt if it is still in progress and the quiz's attempt limit
    is not reached.

    A conditional update makes this exactly-once: of two concurrent submits only one
    changes the row; the other returns False and the caller shows the first result. The
    same update refuses an attempt past `max_attempts` (False, the attempt stays in
    progress), however many attempts were opened in parallel.
    """
    version = version_of(attempt)
    score = score_answers(answer_keys(version), answers, version.pass_mark)
    module = _published_module(attempt.module_id)
    limit = _current_quiz(module).max_attempts
    within_limit: sa.ColumnElement[bool] = sa.true()
    if limit is not None:
        # Submits of one learner's different attempts, at once, must not each see the count
        # before the others: on PostgreSQL the learner's row is locked until commit, so they
        # take turns and each count below sees the ones committed before it (FOR NO KEY
        # UPDATE: inserts that reference the user are not blocked). SQLite has no row locks
        # (nothing is emitted) but runs one write statement at a time, and this UPDATE
        # counts and writes in one statement.
        db.session.execute(
            sa.select(User.id).where(User.id == attempt.user_id).with_for_update(key_share=True)
        )
        done = aliased(Attempt)
        counted = [
            done.user_id == attempt.user_id,
            done.module_id == attempt.module_id,
            done.state == AttemptState.SUBMITTED,
        ]
        # After a change that asked for re-certification the learner has the attempts afresh,
        # as `submitted_count` says: only attempts submitted since the mark count.
        mark = what_counts([attempt.module_id]).mark(attempt.module_id)
        if mark is not None:
            counted.append(done.submitted_at >= mark.since)
        within_limit = sa.select(sa.func.count(done.id)).where(*counted).scalar_subquery() < limit
    recorded: dict[str, Any] = dict(
        state=AttemptState.SUBMITTED,
        answers=stored_answers(version, answers),
        score=score.percent,
        passed=score.passed,
        submitted_at=utcnow(),
    )
    # An UPDATE gives a CursorResult, which has the rowcount (SQLAlchemy's typing says Result).
    result = cast(
        CursorResult[Any],
        db.session.execute(
            sa.update(Attempt)
            .where(
                Attempt.id == attempt.id,
                Attempt.state == AttemptState.IN_PROGRESS,
                within_limit,
            )
            .values(**recorded)
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        db.session.refresh(attempt)  # what the submit that won recorded
        return False
    # This update won: the row now holds what it wrote, so the attempt is brought up to date
    # from those values, without reading the row back.
    for name, value in recorded.items():
        set_committed_value(attempt, name, value)
    if score.passed:
        complete_if_done(db.session.get_one(User, attempt.user_id), module)
    return True


def _published_module(module_id: int) -> Module:
    """The module from the published curriculum (cached, quiz loaded); read from the
    database only if it is no longer published."""
    found = next((m for m in published_modules() if m.id == module_id), None)
    return found or db.session.get_one(Module, module_id)


def stored_answers(version: QuizVersion, answers: Mapping[str, list[int]]) -> dict[str, list[int]]:
    """The answers as an attempt keeps them, each normalised by its question's type: choice
    questions as ascending indexes, matching as one choice index per pair, in pair order."""
    types = {q.key: QUESTION_TYPES[q.type] for q in version.questions}
    return {
        key: list(types[key].normalise_answer(chosen) if key in types else sorted(set(chosen)))
        for key, chosen in answers.items()
    }


# A pair left unanswered, in the answers handed back to a quiz page that asks for it.
UNANSWERED = -1


def _choice(value: str, count: int) -> int | None:
    # Only short ASCII digits: int() refuses other Unicode digits and huge numbers.
    if value.isascii() and value.isdigit() and len(value) <= 3 and int(value) < count:
        return int(value)
    return None


def parse_answers(version: QuizVersion, form: Mapping) -> tuple[dict[str, list[int]], list[str]]:
    """Read the form into option indexes; returns the answers and the unanswered keys.

    Choice questions send `q-<key>` (one value, or several for `multiple`); a matching
    question sends `q-<key>-<pair index>` for each pair, one choice index each. A matching
    question with a pair left blank is unanswered: its answer keeps the pairs given, with
    UNANSWERED in the blanks, so that the page can show the learner what they chose.
    """
    getlist = form.getlist if hasattr(form, "getlist") else lambda _name: []
    answers: dict[str, list[int]] = {}
    missing: list[str] = []
    for question in version.questions:
        kind = QUESTION_TYPES[question.type]
        count = len(question.options)
        if question.pairs:
            given = [
                next(
                    (
                        c
                        for v in getlist(f"q-{question.key}-{i}")
                        if (c := _choice(v, count)) is not None
                    ),
                    UNANSWERED,
                )
                for i in range(len(question.pairs))
            ]
            if any(choice != UNANSWERED for choice in given):
                answers[question.key] = given
            if UNANSWERED in given:
                missing.append(question.key)
            continue
        chosen = sorted(
            {c for v in getlist(f"q-{question.key}") if (c := _choice(v, count)) is not None}
        )
        if not kind.multiple_answers:
            chosen = chosen[:1]
        if chosen:
            answers[question.key] = chosen
        else:
            missing.append(question.key)
    return answers, missing
