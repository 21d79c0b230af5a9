"""`flask backup PATH` while learners write, `flask restore PATH` into a fresh database: the
copy is whole, its rows are those of the moment it was taken, and the app runs on it."""

import shutil
import threading
import uuid

import pytest
import sqlalchemy as sa

from app.backup import row_counts
from app.extensions import db
from app.models import AuditEvent, User
from tests.conftest import ON_POSTGRESQL
from tests.login import log_in


def _keep_writing(app, stop: threading.Event, written: list[int]) -> None:
    """Another worker: audit events added one transaction at a time until told to stop."""
    with app.app_context():
        boss = db.session.scalar(sa.select(User.id).where(User.username == "writer"))
        while not stop.is_set():
            db.session.add(AuditEvent(actor_id=boss, action="account.created"))
            db.session.commit()
            written.append(1)


@pytest.fixture
def fresh_database(make_app, tmp_path, postgresql_url):
    """The URL of an empty database to restore into (PostgreSQL: one made for the test)."""
    if not postgresql_url:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed (Debian: postgresql-client)")
    url = sa.make_url(postgresql_url)
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_backup_taken_during_writes_restores_whole_and_the_app_runs_on_it(
    app, runner, curriculum, users, make_app, fresh_database, tmp_path
):
    users("writer", role="admin", audience=None)
    users("hanako")
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(app, stop, written))
    writer.start()
    try:
        while len(written) < 20:  # the writes are under way
            threading.Event().wait(0.01)
        target = tmp_path / "yorisoi.backup"
        result = runner.invoke(args=["backup", str(target)])
        during = len(written)
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.output
    assert during > 20 and len(written) > 0

    restored_app = make_app(
        SQLALCHEMY_DATABASE_URI=fresh_database.replace("postgresql://", "postgresql+psycopg://", 1)
    )
    result = restored_app.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert "integrity: ok" in result.output

    with app.app_context():
        live = row_counts(db.engine)
    with restored_app.app_context():
        restored = row_counts(db.engine)
    # Every table is there; the one being written to holds what it held at the backup (some
    # of the writes, not all); everything else is exactly as in the live database.
    assert set(restored) == set(live)
    assert 0 < restored["audit_events"] <= live["audit_events"]
    for table in set(live) - {"audit_events"}:
        assert restored[table] == live[table], table
    assert restored["modules"] > 0 and restored["users"] == 2

    client = restored_app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    log_in(client, "hanako")
    page = client.get("/modules")
    assert page.status_code == 200 and "ひきこもりとは何か" in page.get_data(as_text=True)


def test_restore_refuses_a_damaged_backup(runner, tmp_path):
    if ON_POSTGRESQL:
        pytest.skip("a damaged SQLite file is the SQLite case")
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = runner.invoke(args=["restore", str(damaged), "--yes"])
    assert result.exit_code != 0
    assert "damaged" in result.output or "not a database" in result.output
