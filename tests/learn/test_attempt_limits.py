"""A quiz's attempt limit holds under concurrency: with `max_attempts: 1`, however many
parallel opens and submits there are, one attempt is recorded. Threads race the real
views, as in test_submit_once, on SQLite and on PostgreSQL."""

import re
import shutil
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import app.services.learning.attempts as attempts_service
from app.extensions import db
from app.models import Attempt, Module, User
from tests.conftest import ON_POSTGRESQL
from tests.learn.quiz_answers import SAMPLE_RIGHT
from tests.login import log_in

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
OPENS, SUBMITS = 30, 3
ANSWERS = SAMPLE_RIGHT


@pytest.fixture
def one_attempt(app, runner, users, tmp_path):
    """The fixture curriculum with its quiz allowing one attempt, and a learner."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "sample.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("max_attempts: 2", "max_attempts: 1"))
    assert "max_attempts: 1" in quiz.read_text(encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--root", str(root)])
    assert result.exit_code == 0, result.output
    users("racer", audience="commissioner")
    return "racer"


def _all_at_once(count, work):
    """Run work(i) in `count` threads; return their results by i."""
    results = [None] * count

    def run(i):
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_opens_and_submits_record_one_attempt(make_app, app, one_attempt, monkeypatch):
    # A connection for each thread: every one of them holds its own while it waits.
    server = make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": OPENS + 2, "max_overflow": 0, "pool_timeout": 30}
    )
    browser = server.test_client()
    log_in(browser, one_attempt)
    cookie = browser.get_cookie("session").value
    tabs = [server.test_client() for _ in range(OPENS)]
    for tab in tabs:
        tab.set_cookie("session", cookie)

    if not ON_POSTGRESQL:
        # On SQLite a request that may write begins with BEGIN IMMEDIATE, so parallel opens
        # and submits take turns and cannot interleave as they can on PostgreSQL: the opens
        # find the first one's attempt. Start from what interleaved opens leave on
        # PostgreSQL, several attempts in progress, and submit three of them at once.
        ids = _attempts_in_progress(app, one_attempt, OPENS)
        answers = _all_at_once(
            SUBMITS,
            lambda i: tabs[i].post("/modules/sample/quiz", data={"attempt": ids[i], **ANSWERS}),
        )
        _assert_one_recorded(app, browser, answers, ids)
        return

    # 30 opens of the quiz page at once: all look for an attempt in progress before any
    # starts one, so each starts its own.
    opened = threading.Barrier(OPENS, timeout=30)
    seen = threading.local()
    real_attempts_left = attempts_service.attempts_left

    def attempts_left_together(user, module):
        if not getattr(seen, "waited", False):
            seen.waited = True
            opened.wait()
        return real_attempts_left(user, module)

    monkeypatch.setattr(attempts_service, "attempts_left", attempts_left_together)
    pages = _all_at_once(OPENS, lambda i: tabs[i].get("/modules/sample/quiz"))
    assert [page.status_code for page in pages] == [200] * OPENS
    ids = {
        re.search(r'name="attempt" value="(\d+)"', page.get_data(as_text=True))[1] for page in pages
    }
    assert len(ids) == OPENS, "the opens did not overlap"
    monkeypatch.setattr(attempts_service, "attempts_left", real_attempts_left)

    # Then three of those attempts submitted at once, held just before the update.
    submitting = threading.Barrier(SUBMITS, timeout=30)
    real_score = attempts_service.score_answers

    def score_together(*args, **kwargs):
        submitting.wait()
        return real_score(*args, **kwargs)

    monkeypatch.setattr(attempts_service, "score_answers", score_together)
    chosen = sorted(ids)[:SUBMITS]
    answers = _all_at_once(
        SUBMITS,
        lambda i: tabs[i].post("/modules/sample/quiz", data={"attempt": chosen[i], **ANSWERS}),
    )

    _assert_one_recorded(app, browser, answers, sorted(ids))


def _attempts_in_progress(app, username: str, count: int) -> list[str]:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        module = db.session.scalar(sa.select(Module).where(Module.slug == "sample"))
        made = [
            Attempt(
                user_id=user.id,
                module_id=module.id,
                quiz_version_id=module.quiz.current_version_id,
            )
            for _ in range(count)
        ]
        db.session.add_all(made)
        db.session.commit()
        return sorted(str(attempt.id) for attempt in made)


def _assert_one_recorded(app, browser, answers, ids) -> None:
    with app.app_context():
        submitted = db.session.scalars(sa.select(Attempt).where(Attempt.state == "submitted")).all()
    assert len(submitted) == 1
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [302, 403, 403]
    winner = next(answer for answer in answers if answer.status_code == 302)
    assert winner.headers["Location"] == f"/modules/sample/quiz/attempts/{submitted[0].id}"
    closed = next(answer for answer in answers if answer.status_code == 403)
    assert "受験できる回数が残っていません" in closed.get_data(as_text=True)
    # And afterwards every other attempt opened is closed too.
    unused = ids[-1]
    again = browser.post("/modules/sample/quiz", data={"attempt": unused, **ANSWERS})
    assert again.status_code == 403


def test_a_quiz_without_a_limit_takes_every_attempt(app, runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("racer", audience="commissioner")
    client = app.test_client()
    log_in(client, "racer")
    for _ in range(2):  # the fixture allows two
        page = client.get("/modules/sample/quiz").get_data(as_text=True)
        attempt = re.search(r'name="attempt" value="(\d+)"', page)[1]
        response = client.post("/modules/sample/quiz", data={"attempt": attempt, **ANSWERS})
        assert response.status_code == 302
    assert client.get("/modules/sample/quiz").status_code == 403
