"""The embedded default: two processes (two gunicorn workers) writing to one SQLite file at
once never fail with "database is locked": each write transaction begins immediately."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, User
from app.vocabulary import AttemptState
from tests.conftest import ON_POSTGRESQL
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 40

pytestmark = pytest.mark.skipif(ON_POSTGRESQL, reason="SQLite's locking, not PostgreSQL's")


def test_two_processes_writing_at_once_lose_nothing(app, curriculum, users, database_url):
    for name in ("writer1", "writer2"):
        users(name)
    start_at = time.time() + 4  # after both have imported the app and logged in
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sqlite_writer",
                database_url,
                name,
                str(ROUNDS),
                str(start_at),
                UserFactory.PASSWORD,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("writer1", "writer2")
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    # Every quiz opened (200) and every submit recorded (302): no 500, no lock error.
    for statuses in results:
        assert statuses == {"200": ROUNDS, "302": ROUNDS}, results
    with app.app_context():
        recorded = db.session.execute(
            sa.select(User.username, sa.func.count(Attempt.id))
            .join(Attempt, Attempt.user_id == User.id)
            .where(Attempt.state == AttemptState.SUBMITTED)
            .group_by(User.username)
        ).all()
    assert dict(recorded) == {"writer1": ROUNDS, "writer2": ROUNDS}
