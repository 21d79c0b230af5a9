"""With the database out of reach, the app answers with its own page and 503, never a stack
trace, and /healthz says so to the load balancer. (Recovery once the database is back, and a
real PostgreSQL restart under load, are `make drill`'s.)"""

import socket

import sqlalchemy.exc
from sqlalchemy.orm import scoped_session

from tests.login import log_in


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def test_with_the_database_down_pages_are_503_in_the_apps_own_words(make_app, app, users):
    users("hanako")
    client = app.test_client()
    log_in(client, "hanako")
    down = make_app(
        SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/x",
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"connect_timeout": 2}},
    )
    browser = down.test_client()
    # The same learner's browser, now answered by a worker whose database is gone.
    browser.set_cookie("session", client.get_cookie("session").value)

    health = browser.get("/healthz")
    assert health.status_code == 503 and health.get_json() == {"status": "unavailable"}
    for response in (browser.get("/modules"), browser.post("/modules/x/quiz")):
        html = response.get_data(as_text=True)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "ただいま、よりそいを一時的にご利用いただけません" in html
        assert "Traceback" not in html and "psycopg" not in html
    # A page that needs no database still works, for a browser that is not logged in.
    assert down.test_client().get("/login").status_code == 200


def test_a_connection_the_database_closed_does_not_spoil_an_answered_request(
    client, users, monkeypatch
):
    users("hanako")
    log_in(client, "hanako")
    real_remove = scoped_session.remove
    failures = [
        # What a PostgreSQL restart makes of the rollback that ends every request.
        sqlalchemy.exc.OperationalError(
            "ROLLBACK", {}, Exception("terminating connection due to administrator command")
        )
    ]

    def remove_with_a_dead_connection(self):
        real_remove(self)
        if failures:
            raise failures.pop()

    monkeypatch.setattr(scoped_session, "remove", remove_with_a_dead_connection)
    page = client.get("/modules")
    assert page.status_code == 200 and "ひきこもり" in page.get_data(as_text=True)
    assert not failures  # the connection was lost, at the end
