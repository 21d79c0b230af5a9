"""Modules a coordinator assigns to their organisation, with a due date."""

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import ASSIGNMENT_AUDIENCES, EVERYONE, one_of


class ModuleAssignment(Model):
    __tablename__ = "module_assignments"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organisations.id"))
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"))
    audience: so.Mapped[str] = so.mapped_column(sa.String(20), default=EVERYONE)
    due_date: so.Mapped[date]
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "module_id", "audience"),
        sa.CheckConstraint(one_of("audience", ASSIGNMENT_AUDIENCES), name="audience"),
    )
