"""What people do in the browser, and what the tests look up afterwards.

The helpers open their own app context: a test must not hold one open while it makes
requests, or every request would share one `g` (and one logged-in user) between browsers.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import AuditEvent, Organisation, User
from tests.factories import UserFactory, organisation_id  # noqa: F401 (for the admin tests)
from tests.login import log_in


def login(client, username, password=UserFactory.PASSWORD, english=True):
    """Log in afresh; in English, so that the tests read the same messages as the code."""
    response = log_in(client, username, password)
    if english:
        client.post("/language", data={"lang": "en", "next": "/"})
    return response


def organisation_named(app, name: str) -> Organisation | None:
    with app.app_context():
        return db.session.scalar(
            sa.select(Organisation)
            .options(joinedload(Organisation.parent))
            .where(Organisation.name == name)
        )


def user_named(app, username: str) -> User | None:
    """The account as saved, with its organisation (readable after the context closes)."""
    with app.app_context():
        return db.session.scalar(
            sa.select(User).options(joinedload(User.organisation)).where(User.username == username)
        )


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(User.id)))


def audit_events(app) -> list[AuditEvent]:
    """Every audit event, oldest first."""
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))
