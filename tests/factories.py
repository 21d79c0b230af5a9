"""Make users for tests without repeating set-up."""

import itertools

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Organisation, User


class UserFactory:
    PASSWORD = "a-long-test-password"
    _numbers = itertools.count(1)

    def __call__(
        self,
        username=None,
        role="learner",
        audience="commissioner",
        organisation="新宿区",
        password=PASSWORD,
        display_name=None,
    ) -> User:
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
        return user
