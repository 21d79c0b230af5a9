"""Login cookies carry the user's session token: replacing it ends every older session."""

import sqlalchemy as sa
from flask import session
from flask_login import login_user

from app.extensions import db
from app.models import User


def load_user(token: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.session_token == token, User.active))


def start_fresh_session(user: User) -> None:
    """Log `user` in on this browser with a new session (and CSRF token), keeping only the
    language they chose. Call it after rotating their session token: this browser stays
    logged in, every other one is logged out."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
