"""Learners and coordinators get 403 on every /author route, whatever the method; a trainer
and an admin get in."""

import pytest

from tests.login import log_in


def _author_routes(app):
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/author"):
            continue
        values = {
            name: 1
            if rule._converters[name].__class__.__name__ in ("IntegerConverter", "IdConverter")
            else "sample"
            for name in rule.arguments
        }
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def test_there_are_authoring_routes_of_both_kinds(app):
    methods = {method for method, _url in _author_routes(app)}
    assert methods == {"GET", "POST"} and len(_author_routes(app)) >= 13


@pytest.mark.parametrize("username", ["hanako", "coord"])
def test_learners_and_coordinators_get_403_everywhere(app, authoring, username):
    client = app.test_client()
    log_in(client, username)
    wrong = []
    for method, url in _author_routes(app):
        response = client.open(url, method=method, data={"revision": "1", "slug": "x"})
        if response.status_code != 403:
            wrong.append((method, url, response.status_code))
    assert wrong == []
    # Nothing was made on the way.
    assert client.get("/modules/x").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(app, authoring):
    client = app.test_client()
    for method, url in _author_routes(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("username", ["kato", "boss"])
def test_trainers_and_admins_may_author(app, authoring, username):
    client = app.test_client()
    log_in(client, username)
    assert client.get("/author/modules/sample/draft").status_code == 200
    assert client.get("/author/modules/sample/history").status_code == 200
