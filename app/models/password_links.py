"""One-time links that let a person set or reset their own password: no email, the admin
hands the link over."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import LinkPurpose, one_of

if TYPE_CHECKING:
    from app.models.people import User

LINK_LIFETIME_HOURS = 72
LINK_LIFETIME = timedelta(hours=LINK_LIFETIME_HOURS)


def hash_link_token(token: str) -> str:
    # 32 random bytes: a fast hash is enough, and a stolen table gives no usable link.
    return hashlib.sha256(token.encode()).hexdigest()


class PasswordLink(Model):
    __tablename__ = "password_links"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    purpose: so.Mapped[str] = so.mapped_column(sa.String(10), default=LinkPurpose.SET)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    expires_at: so.Mapped[datetime]
    used_at: so.Mapped[datetime | None]
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    user: so.Mapped["User"] = so.relationship(foreign_keys=[user_id])
    created_by: so.Mapped["User | None"] = so.relationship(foreign_keys=[created_by_id])

    __table_args__ = (sa.CheckConstraint(one_of("purpose", LinkPurpose), name="purpose"),)

    @classmethod
    def issue(
        cls, user_id: int, purpose: str, created_by_id: int | None
    ) -> tuple["PasswordLink", str]:
        """A new link; the plain token is returned once and never stored."""
        plain = secrets.token_urlsafe(32)
        now = utcnow()
        return cls(
            user_id=user_id,
            token_hash=hash_link_token(plain),
            purpose=purpose,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
            created_by_id=created_by_id,
        ), plain

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
