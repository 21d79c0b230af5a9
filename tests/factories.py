"""Make users for tests without repeating set-up."""

import itertools

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Organisation, User


class UserFactory:
    """Makes users in an app context of its own: a test that held one open would share `g`
    (and so the logged-in user) between requests that should be separate browsers."""

    PASSWORD = "a-long-test-password"
    _numbers = itertools.count(1)

    def __init__(self, app):
        self.app = app

    def __call__(
        self,
        username=None,
        role="learner",
        audience="commissioner",
        organisation="新宿区",
        password=PASSWORD,
        display_name=None,
    ) -> User:
        with self.app.app_context():
            return self._make(username, role, audience, organisation, password, display_name)

    def _make(self, username, role, audience, organisation, password, display_name) -> User:
        username = username or f"user{next(self._numbers)}"
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == organisation))
        user = User(
            username=username,
            display_name=display_name or f"{username} さん",
            role=role,
            audience=audience,
            organisation=org,
        )
        # A cheap hash keeps the suite fast; the real one is tested where it matters.
        user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1000")
        db.session.add(user)
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def organisation_id(app, name: str) -> int:
    """An organisation's id, looked up by its name: tests never rely on seeding order."""
    with app.app_context():
        found = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == name))
    assert found is not None, f"no organisation named {name}"
    return found


def add_centre_under_shinjuku(app, name: str = "新宿区 第一センター") -> None:
    """A community support centre under 新宿区, whose reports include it."""
    shinjuku = organisation_id(app, "新宿区")
    with app.app_context():
        db.session.add(Organisation(code="13104-01", name=name, kind="centre", parent_id=shinjuku))
        db.session.commit()
