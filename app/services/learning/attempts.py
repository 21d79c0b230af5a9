"""Quiz attempts: started, then submitted exactly once, marked on the server only."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from app.content.question_types import QUESTION_TYPES
from app.content.scoring import AnswerKey, score_answers
from app.extensions import db
from app.models import Attempt, Module, Question, QuizVersion, User
from app.models.learning import AttemptLayout
from app.models.timestamps import utcnow
from app.services.learning.published import published_modules, quiz_version
from app.services.learning.reading import complete_if_done
from app.vocabulary import AttemptState


def submitted_count(user: User, module: Module) -> int:
    return db.session.execute(
        sa.select(sa.func.count(Attempt.id)).where(
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


def open_attempt(user: User, module: Module) -> Attempt | None:
    """The learner's attempt in progress on the current quiz version, started if need be.

    None when the quiz's attempt limit is reached.
    """
    version = _current_quiz(module)
    attempt = db.session.scalar(
        sa.select(Attempt)
        .where(
            Attempt.user_id == user.id,
            Attempt.quiz_version_id == version.id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
        .order_by(Attempt.id.desc())
    )
    if attempt is not None:
        return attempt
    if attempts_left(user, module) == 0:
        return None
    attempt = Attempt(
        user_id=user.id,
        quiz_version_id=version.id,
        module_id=module.id,
        layout=_shuffled_layout(version) if version.shuffle else None,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def _shuffled_layout(version: QuizVersion) -> AttemptLayout:
    rng = random.SystemRandom()
    keys = [q.key for q in version.questions]
    rng.shuffle(keys)
    options: dict[str, list[int]] = {}
    for question in version.questions:
        order = list(range(len(question.options)))
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


def answer_keys(version: QuizVersion) -> list[AnswerKey]:
    return [
        AnswerKey(
            key=q.key,
            type=q.type,
            correct=frozenset(i for i, option in enumerate(q.options) if option["correct"]),
        )
        for q in version.questions
    ]


def submit_attempt(attempt: Attempt, answers: Mapping[str, list[int]]) -> bool:
    """Mark and record the attempt if it is still in progress.

    A conditional update makes this exactly-once: of two concurrent submits only one
    changes the row; the other returns False and the caller shows the first result.
    """
    version = version_of(attempt)
    score = score_answers(answer_keys(version), answers, version.pass_mark)
    # An UPDATE gives a CursorResult, which has the rowcount (SQLAlchemy's typing says Result).
    result = cast(
        CursorResult[Any],
        db.session.execute(
            sa.update(Attempt)
            .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
            .values(
                state=AttemptState.SUBMITTED,
                answers={key: sorted(chosen) for key, chosen in answers.items()},
                score=score.percent,
                passed=score.passed,
                submitted_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        ),
    )
    db.session.refresh(attempt)
    if result.rowcount != 1:
        return False
    if score.passed:
        module = next((m for m in published_modules() if m.id == attempt.module_id), None)
        complete_if_done(
            db.session.get_one(User, attempt.user_id),
            module or db.session.get_one(Module, attempt.module_id),
        )
    return True


def parse_answers(version: QuizVersion, form: Mapping) -> tuple[dict[str, list[int]], list[str]]:
    """Read `q-<key>` fields into option indexes; returns the answers and the unanswered keys."""
    answers: dict[str, list[int]] = {}
    missing: list[str] = []
    for question in version.questions:
        values = form.getlist(f"q-{question.key}") if hasattr(form, "getlist") else []
        # Only short ASCII digits: int() refuses other Unicode digits and huge numbers.
        chosen = sorted(
            {
                int(v)
                for v in values
                if v.isascii() and v.isdigit() and len(v) <= 3 and int(v) < len(question.options)
            }
        )
        if not QUESTION_TYPES[question.type].multiple_answers:
            chosen = chosen[:1]
        if chosen:
            answers[question.key] = chosen
        else:
            missing.append(question.key)
    return answers, missing
