"""Where to consult: each municipality's windows, kept by its coordinator."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow

if TYPE_CHECKING:
    from app.models.people import Organisation


class ConsultationWindow(Model):
    __tablename__ = "consultation_windows"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    department: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    helps_with: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    contact: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    hours: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    url: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    organisation: so.Mapped["Organisation"] = so.relationship()
