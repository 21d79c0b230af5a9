"""One-time links to set or reset a password, handed over by an admin instead of an email."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from app.dates import to_tokyo
from app.extensions import db
from app.models import PasswordLink, User
from app.models.password_links import hash_link_token
from app.models.timestamps import utcnow
from app.services.administration.audit import record
from app.vocabulary import LinkPurpose

USABLE, USED, EXPIRED, CLOSED = "usable", "used", "expired", "closed"


def _retire_open_links(user_id: int) -> None:
    """Only the newest link works: an older one, perhaps lost, expires now."""
    now = utcnow()
    db.session.execute(
        sa.update(PasswordLink)
        .where(
            PasswordLink.user_id == user_id,
            PasswordLink.used_at.is_(None),
            PasswordLink.expires_at > now,
        )
        .values(expires_at=now)
    )


def issue_password_link(user: User, created_by: User | None) -> tuple[PasswordLink, str]:
    """A new link for `user` ("set" if they never had a password, else "reset").

    Returns the link and its plain token, which is never stored: show it once.
    """
    _retire_open_links(user.id)
    purpose = LinkPurpose.RESET if user.password_hash else LinkPurpose.SET
    link, token = PasswordLink.issue(user.id, purpose, created_by.id if created_by else None)
    db.session.add(link)
    db.session.flush()
    record(
        "password_link.issue",
        user,
        {"purpose": purpose, "expires_at": to_tokyo(link.expires_at).isoformat(timespec="minutes")},
        actor=created_by,
    )
    return link, token


def find_password_link(token: str) -> PasswordLink | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(PasswordLink).where(PasswordLink.token_hash == hash_link_token(token))
    )


def link_state(link: PasswordLink) -> str:
    if link.used_at is not None:
        return USED
    if not link.user.active:
        return CLOSED
    if not link.is_usable(utcnow()):
        return EXPIRED
    return USABLE


class LinkAlreadyUsed(Exception):
    pass


def use_password_link(link: PasswordLink, password: str) -> User:
    """Set the password, end every session of the account, and spend the link.

    The link is claimed with one conditional UPDATE, so two submits racing each other
    cannot both use it: the second raises LinkAlreadyUsed.
    """
    now = utcnow()
    # An UPDATE gives a CursorResult, which has the rowcount (SQLAlchemy's typing says Result).
    claimed = cast(
        CursorResult[Any],
        db.session.execute(
            sa.update(PasswordLink)
            .where(PasswordLink.id == link.id, PasswordLink.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ),
    )
    if claimed.rowcount != 1:
        raise LinkAlreadyUsed
    link.used_at = now
    user = link.user
    user.set_password(password)
    user.rotate_session_token()
    db.session.flush()
    _retire_open_links(user.id)
    record("password.set_by_link", user, {"purpose": link.purpose}, actor=user)
    return user
