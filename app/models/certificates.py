"""Certificates as issued: what they say is kept, so a later rename does not rewrite them."""

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import CertificateKind, one_of


class Certificate(Model):
    __tablename__ = "certificates"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Printed on the paper and checked at /verify/<code>.
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    completion_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("completions.id"), unique=True
    )
    audience: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    holder_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    organisation_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    # The module titles the certificate lists, one for a module certificate.
    titles: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    issued_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # A curriculum certificate's edition: 1, then one more each time the learner completes the
    # curriculum again after a module's completion expired (re-certification). An older
    # edition stays what it was: a true record of what was completed when.
    edition: so.Mapped[int] = so.mapped_column(default=1, server_default="1")

    __table_args__ = (
        sa.CheckConstraint(one_of("kind", CertificateKind), name="kind"),
        # One curriculum certificate per learner, audience and edition: of two requests that
        # complete the curriculum at once, only one issues it.
        sa.UniqueConstraint("user_id", "kind", "audience", "edition"),
    )
