import time

import pytest

from app.security import CONTENT_SECURITY_POLICY
from tests.login import log_in


@pytest.mark.parametrize("path", ["/login", "/healthz", "/no-such-page", "/static/css/yorisoi.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    headers = response.headers
    response.close()
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # not over plain HTTP in development


def test_production_adds_hsts_and_secure_cookies(make_app, app, users):
    users("hanako")
    production = make_app(SESSION_COOKIE_SECURE=True)
    client = production.test_client()
    response = client.post(
        "/login",
        data={"username": "hanako", "password": "a-long-test-password"},
        base_url="https://localhost",
    )
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_session_cookie_is_httponly_and_samesite_lax(client, users):
    users("hanako")
    response = client.post(
        "/login", data={"username": "hanako", "password": "a-long-test-password"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_no_page_has_inline_script(client, curriculum, users):
    users("hanako")
    log_in(client, "hanako")
    for path in (
        "/modules",
        "/modules/what-is-hikikomori",
        "/modules/what-is-hikikomori/quiz",
        "/glossary",
        "/directory",
    ):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<main" in html, path  # the page itself
        assert "<script>" not in html and " style=" not in html, path
        assert "javascript:" not in html, path


def test_an_idle_session_is_signed_out(client, users, monkeypatch):
    users("hanako")
    log_in(client, "hanako")
    assert client.get("/modules").status_code == 200
    later = time.time() + 61 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/modules")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "ログインしてください" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_activity_keeps_a_session_alive(client, users, monkeypatch):
    users("hanako")
    log_in(client, "hanako")
    now = time.time()
    for minutes in (30, 60, 90):  # a request every half hour
        monkeypatch.setattr(time, "time", lambda m=minutes: now + m * 60)
        assert client.get("/modules").status_code == 200


def test_the_policy_is_what_the_app_sends(client):
    assert client.get("/login").headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(("proxies", "seen"), [(1, "203.0.113.7"), (0, "10.0.0.2")])
def test_the_clients_address_is_taken_from_the_load_balancer_only_when_told(
    make_app, app, proxies, seen
):
    from flask import request

    server = make_app(PROXY_COUNT=proxies)

    @server.route("/_address")
    def address():
        return request.remote_addr

    response = server.test_client().get(
        "/_address",
        headers={"X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert response.get_data(as_text=True) == seen


def test_the_language_choice_is_remembered_on_the_account(app, users):
    users("hanako")
    first = app.test_client()
    log_in(first, "hanako")
    first.post("/language", data={"lang": "en", "next": "/modules"})
    later = app.test_client()  # another day, another browser
    log_in(later, "hanako")
    html = later.get("/modules").get_data(as_text=True)
    assert '<html lang="en">' in html and "My learning" in html
