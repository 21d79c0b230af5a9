"""Drafts: a module's file text (and its quiz's) being written in the browser.

A draft holds exactly what `content load` reads, so that it is checked by the same parser
and published through the same storing code. One open draft per module, shared by every
trainer; `revision` goes up by one on every save, and a save based on an older revision is
refused (app/services/authoring/drafts.py). Each saved revision's text is kept until the
draft is published, so that a refused save can show what changed since the revision it was
based on.
"""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow

if TYPE_CHECKING:
    from app.models.content import Module, ModuleVersion, QuizVersion
    from app.models.people import User


class ModuleDraft(Model):
    __tablename__ = "module_drafts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"), unique=True)
    # modules/NN-slug.md: YAML front matter and the Markdown body.
    module_text: so.Mapped[str] = so.mapped_column(sa.Text)
    # quizzes/slug.yaml; None: the module has no quiz.
    quiz_text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    revision: so.Mapped[int] = so.mapped_column(default=1)
    # The published versions it was started from (None for a new module, or a new quiz).
    base_module_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("module_versions.id")
    )
    base_quiz_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("quiz_versions.id")
    )
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    module: so.Mapped["Module"] = so.relationship(back_populates="draft")
    base_module_version: so.Mapped["ModuleVersion | None"] = so.relationship()
    base_quiz_version: so.Mapped["QuizVersion | None"] = so.relationship()
    created_by: so.Mapped["User"] = so.relationship(foreign_keys=[created_by_id])
    updated_by: so.Mapped["User"] = so.relationship(foreign_keys=[updated_by_id])


class DraftRevision(Model):
    """The text of one saved revision of a draft; deleted with the draft when it is published."""

    __tablename__ = "module_draft_revisions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    draft_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("module_drafts.id", ondelete="CASCADE")
    )
    revision: so.Mapped[int]
    module_text: so.Mapped[str] = so.mapped_column(sa.Text)
    quiz_text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    saved_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    saved_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # An autosave (typing paused) rather than a save the trainer asked for.
    autosave: so.Mapped[bool] = so.mapped_column(default=False)

    saved_by: so.Mapped["User"] = so.relationship()

    __table_args__ = (sa.UniqueConstraint("draft_id", "revision"),)
