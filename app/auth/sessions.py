"""Login cookies carry the user's session token: replacing it ends every older session."""

from functools import cache

import sqlalchemy as sa
from flask import session
from flask_login import login_user

from app.extensions import db
from app.models import User
from app.services.learning.published import content_revision_column, remember_content_revision


@cache
def _user_by_token() -> sa.Select:
    # Built once: the statement is the same for every request, only the token differs.
    return sa.select(User, content_revision_column()).where(
        User.session_token == sa.bindparam("token"), User.active
    )


def load_user(token: str) -> User | None:
    # The content revision comes with the user: every logged-in page needs both, and one
    # round trip is cheaper than two (see services/learning/published.py).
    row = db.session.execute(_user_by_token(), {"token": token}).first()
    if row is None:
        return None
    user, revision = row
    remember_content_revision(revision)
    return user


def start_fresh_session(user: User) -> None:
    """Log `user` in on this browser with a new session (and CSRF token), keeping only the
    language they chose. Call it after rotating their session token: this browser stays
    logged in, every other one is logged out."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
