"""A quiz is submitted exactly once, even when two submits arrive at the same moment."""

import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

import app.learn.routes as learn_routes
import app.services.learning.attempts as attempts_service
from app.extensions import db
from app.models import Attempt, Completion
from tests.conftest import ON_POSTGRESQL
from tests.learn.quiz_answers import SAMPLE_RIGHT, SAMPLE_WRONG
from tests.login import log_in

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def learner(app, runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("racer", audience="commissioner")
    return "racer"


def _logged_in_client(app, username, password):
    client = app.test_client()
    log_in(client, username, password)
    return client


def _read_everything(client):
    html = client.get("/modules/sample").get_data(as_text=True)
    for key in re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html):
        client.post(f"/modules/sample/sections/{key}/read")


ANSWERS = SAMPLE_RIGHT


def test_two_concurrent_submits_record_one_attempt(app, learner, users, monkeypatch):
    first = _logged_in_client(app, learner, users.PASSWORD)
    second = app.test_client()
    second.set_cookie("session", first.get_cookie("session").value)
    _read_everything(first)
    page = first.get("/modules/sample/quiz").get_data(as_text=True)
    attempt_id = re.search(r'name="attempt" value="(\d+)"', page).group(1)

    if ON_POSTGRESQL:
        # Hold both requests just before the conditional update, so that they truly overlap.
        barrier = threading.Barrier(2, timeout=10)
        real_score = attempts_service.score_answers

        def score_together(*args, **kwargs):
            barrier.wait()
            return real_score(*args, **kwargs)

        monkeypatch.setattr(attempts_service, "score_answers", score_together)
    recorded = []

    def submit_and_note(*args, **kwargs):
        recorded.append(attempts_service.submit_attempt(*args, **kwargs))
        return recorded[-1]

    monkeypatch.setattr(learn_routes, "submit_attempt", submit_and_note)
    responses = {}

    def submit(name, client):
        responses[name] = client.post(
            "/modules/sample/quiz", data={"attempt": attempt_id, **ANSWERS}
        )

    threads = [
        threading.Thread(target=submit, args=(n, c))
        for n, c in (("first", first), ("second", second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    if ON_POSTGRESQL:
        assert sorted(recorded) == [False, True], "both reached the update; only one recorded"
    else:
        # SQLite: a write transaction begins immediately (app/database_tuning.py), so the
        # second submit waits for the first to commit, then finds the attempt submitted.
        assert recorded == [True]
    assert {r.status_code for r in responses.values()} == {302}
    locations = {r.headers["Location"] for r in responses.values()}
    assert locations == {f"/modules/sample/quiz/attempts/{attempt_id}"}
    with app.app_context():
        submitted = db.session.scalars(sa.select(Attempt).where(Attempt.state == "submitted")).all()
        assert len(submitted) == 1
        assert submitted[0].score == 100
        assert db.session.scalar(sa.select(sa.func.count(Completion.id))) == 1


def test_a_repeated_submit_returns_the_first_result(app, learner, users):
    client = _logged_in_client(app, learner, users.PASSWORD)
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    attempt_id = re.search(r'name="attempt" value="(\d+)"', page).group(1)
    wrong = SAMPLE_WRONG
    first = client.post("/modules/sample/quiz", data={"attempt": attempt_id, **wrong})
    again = client.post("/modules/sample/quiz", data={"attempt": attempt_id, **ANSWERS})
    assert first.headers["Location"] == again.headers["Location"]
    result = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "得点：0%" in result
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "-1", "1.0", ""])
def test_odd_answer_values_are_treated_as_no_answer(app, learner, users, value):
    client = _logged_in_client(app, learner, users.PASSWORD)
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    attempt_id = re.search(r'name="attempt" value="(\d+)"', page).group(1)
    response = client.post(
        "/modules/sample/quiz", data={"attempt": attempt_id, **ANSWERS, "q-first": value}
    )
    assert response.status_code == 422
    assert "第1問がまだ答えられていません" in response.get_data(as_text=True)
