"""Every state-changing route refuses a request without a CSRF token, and refuses GET."""

import pytest
from werkzeug.routing import Rule

from app.request_input import IdConverter

# The token-authenticated API reads only; it is exempt because it sends no cookies.
CSRF_EXEMPT_PREFIXES = ("/api/",)
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _url(rule: Rule) -> str:
    values = {
        name: 1 if isinstance(rule._converters[name], IdConverter) else "x"
        for name in rule.arguments
    }
    return rule.build(values, append_unknown=False)[1]


def _state_changing_rules(app):
    return [r for r in app.url_map.iter_rules() if r.methods & STATE_CHANGING]


@pytest.fixture
def strict(make_app, app, users):
    users("boss", role="admin", audience="center")
    strict = make_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    # Log in with a token, then forget to send one.
    page = client.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login", data={"username": "boss", "password": "a-long-test-password", "csrf_token": token}
    )
    return strict, client


def test_there_are_state_changing_routes_to_check(app):
    assert len(_state_changing_rules(app)) >= 10


def test_every_state_changing_route_needs_a_csrf_token(strict):
    strict_app, client = strict
    checked = []
    for rule in _state_changing_rules(strict_app):
        url = _url(rule)
        if url.startswith(CSRF_EXEMPT_PREFIXES):
            continue
        for method in sorted(rule.methods & STATE_CHANGING):
            response = client.open(url, method=method, data={"anything": "1"})
            assert response.status_code == 400, (method, url, response.status_code)
            checked.append(url)
    assert checked


def test_post_only_routes_refuse_get(app):
    client = app.test_client()
    for rule in _state_changing_rules(app):
        if "GET" not in rule.methods:
            assert client.get(_url(rule)).status_code == 405, rule.rule


def test_only_the_token_api_is_exempt(app):
    from app.extensions import csrf

    exempt = {getattr(bp, "name", bp) for bp in csrf._exempt_blueprints}
    assert exempt == {"api"}
    api_rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert all(r.methods & STATE_CHANGING == set() for r in api_rules)
