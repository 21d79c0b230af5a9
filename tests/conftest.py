"""Fixtures: a fresh database for every test, on SQLite or (second run) PostgreSQL.

`make test` runs the suite on SQLite; with TEST_DATABASE_URL set it runs it again with
YORISOI_TEST_ON=postgresql, starting from an empty schema.
"""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

os.environ["YORISOI_ENV"] = "test"

from app import create_app  # noqa: E402
from app.content import load_library  # noqa: E402
from app.extensions import db  # noqa: E402
from app.seed.municipalities import seed_municipalities  # noqa: E402
from app.services.authoring.library_import import import_library  # noqa: E402
from tests.factories import UserFactory  # noqa: E402
from tests.login import attempt_login, log_in  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ON_POSTGRESQL = os.environ.get("YORISOI_TEST_ON") == "postgresql"
BASE_URL = "https://yorisoi.test"  # the site's configured public address, in every test


@pytest.fixture(scope="session")
def postgresql_url():
    if not ON_POSTGRESQL:
        return None
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.exit("YORISOI_TEST_ON=postgresql needs TEST_DATABASE_URL", returncode=2)
    engine = sa.create_engine(_driver(url))
    with engine.begin() as connection:  # each run starts from an empty schema
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return _driver(url)


def _driver(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def database_url(postgresql_url, tmp_path):
    return postgresql_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def make_app(database_url):
    """Build an app on this test's database; extra settings override the test defaults."""
    apps = []

    def build(**settings):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-only-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "DEMO_MODE": False,
            # Tests log in many times a minute; the rate-limit tests switch it back on.
            "RATELIMIT_ENABLED": False,
            # Not the test client's own "localhost": every absolute link must come from here.
            "BASE_URL": BASE_URL,
        }
        config.update(settings)
        app = create_app(config)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app, postgresql_url):
    app = make_app()
    with app.app_context():
        if postgresql_url:
            db.drop_all()
        db.create_all()
        seed_municipalities()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        if postgresql_url:
            db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def curriculum_library():
    """The real curriculum in modules/ and quizzes/, parsed once."""
    return load_library(ROOT)


@pytest.fixture
def curriculum(app, curriculum_library):
    with app.app_context():
        import_library(curriculum_library)
        db.session.commit()
    return curriculum_library


@pytest.fixture
def demo(app, curriculum):
    """The real curriculum and the demo accounts of `make run`."""
    from app.seed.demo import ensure_demo_accounts

    with app.app_context():
        ensure_demo_accounts()
        db.session.commit()
    return curriculum


@pytest.fixture
def users(app):
    return UserFactory(app)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username, password=UserFactory.PASSWORD):
        return log_in(self._client, username, password)

    def attempt(self, username, password=UserFactory.PASSWORD):
        return attempt_login(self._client, username, password)

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def office(users):
    """An admin, a coordinator and two learners; call it to add more (returns the id)."""

    def add(*args, **kwargs) -> int:
        return users(*args, **kwargs).id

    add("boss", role="admin", audience=None, organisation="千代田区", display_name="管理 太郎")
    add("coord", role="coordinator", audience=None, organisation="新宿区")
    add("hanako", audience="commissioner", organisation="新宿区", display_name="民生 花子")
    add("nerima1", audience="center", organisation="練馬区", display_name="練馬 一郎")
    return add
