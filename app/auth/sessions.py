"""Login cookies carry the user's session token: replacing it ends every older session."""

import sqlalchemy as sa

from app.extensions import db
from app.models import User


def load_user(token: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.session_token == token, User.active))
