"""What learners did: sections read, quiz attempts, completions."""

from datetime import datetime
from typing import TypeAlias, TypedDict

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import AttemptState, one_of

# Question key -> the indexes of the options chosen, ascending; for a matching question, the
# choice index given to each pair, in pair order.
AttemptAnswers: TypeAlias = dict[str, list[int]]


class AttemptLayout(TypedDict):
    """What a shuffled quiz showed this learner, as stored in Attempt.layout."""

    questions: list[str]  # question keys, in the order shown
    options: dict[str, list[int]]  # question key -> option indexes, in the order shown


class SectionRead(Model):
    __tablename__ = "section_reads"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"))
    section_key: so.Mapped[str] = so.mapped_column(sa.String(120))
    module_version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id"))
    read_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "module_id", "section_key"),)


class Attempt(Model):
    __tablename__ = "attempts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    quiz_version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("quiz_versions.id"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"))
    state: so.Mapped[str] = so.mapped_column(sa.String(20), default=AttemptState.IN_PROGRESS)
    # For a shuffled quiz: the question keys and option orders this learner was shown.
    layout: so.Mapped[AttemptLayout | None] = so.mapped_column(sa.JSON)
    answers: so.Mapped[AttemptAnswers | None] = so.mapped_column(sa.JSON)
    score: so.Mapped[int | None]
    passed: so.Mapped[bool | None]
    started_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    submitted_at: so.Mapped[datetime | None]

    __table_args__ = (
        sa.CheckConstraint(one_of("state", AttemptState), name="state"),
        sa.Index("ix_attempts_user_module", "user_id", "module_id"),
    )


class Completion(Model):
    __tablename__ = "completions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"))
    module_version_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("module_versions.id"))
    score: so.Mapped[int | None]
    completed_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Printed on the certificate and checked at /verify/<code>.
    certificate_code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)

    __table_args__ = (
        sa.UniqueConstraint("user_id", "module_version_id"),
        sa.Index("ix_completions_user_module", "user_id", "module_id"),
    )
