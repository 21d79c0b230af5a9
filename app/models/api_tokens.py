"""Tokens that let a municipality's own systems read its reports, one organisation each."""

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow

if TYPE_CHECKING:
    from app.models.people import Organisation


def hash_token(token: str) -> str:
    # The token is 32 random bytes, so a fast hash is enough: nobody can guess their way in.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    prefix: so.Mapped[str] = so.mapped_column(sa.String(12))  # shown in lists to tell them apart
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked_at: so.Mapped[datetime | None]
    last_used_at: so.Mapped[datetime | None]

    organisation: so.Mapped["Organisation"] = so.relationship()

    @classmethod
    def issue(cls, organisation_id: int, name: str) -> tuple["ApiToken", str]:
        """A new token; the plain text is returned once and never stored."""
        plain = "ysi_" + secrets.token_urlsafe(32)
        return cls(
            organisation_id=organisation_id,
            name=name,
            token_hash=hash_token(plain),
            prefix=plain[:10],
        ), plain
