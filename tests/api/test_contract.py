"""The API keeps a written contract: /api/v1/openapi.json describes every endpoint, and
every answer is JSON of the documented shape, errors included; a parameter it cannot use
is a 400 that names it and says what is allowed."""

import re
from pathlib import Path

import pytest

from app.extensions import limiter
from tests.factories import organisation_id
from tests.reports.learner_actions import complete_sample, login

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
COMPLETION = "/api/v1/reports/completion"


@pytest.fixture
def token(client, runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("boss", role="admin", audience=None, organisation="千代田区")
    for n in range(5):
        users(f"shinjuku{n}", audience="commissioner", organisation="新宿区")
    login(client, "boss")
    chosen = organisation_id(client.application, "新宿区")
    html = client.post("/admin/tokens", data={"organisation": chosen, "name": "区のシステム"})
    client.post("/logout")
    return re.search(r"ysi_[\w-]+", html.get_data(as_text=True)).group(0)


def _get(client, token, path=COMPLETION, **query):
    return client.get(path, query_string=query, headers={"Authorization": f"Bearer {token}"})


def _error(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    assert set(error) <= {"status", "code", "message", "parameter", "allowed"}
    return error


# --- the document ----------------------------------------------------------------------------


def test_the_document_describes_every_api_endpoint(app, client, token):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "/api/v1"}]
    endpoints = {
        rule.rule.removeprefix("/api/v1")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
    }
    assert endpoints == set(document["paths"])
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        responses = operations["get"]["responses"]
        assert "200" in responses and {"404", "405", "500"} <= set(responses), path
        for status, answer in responses.items():
            assert "application/json" in answer["content"], (path, status)


def test_the_completion_endpoint_documents_its_parameters_and_errors(client, token):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/reports/completion"]
    parameters = {p["name"]: p["schema"] for p in operation["get"]["parameters"]}
    assert set(parameters) == {"audience", "module", "status", "overdue", "q", "page", "per_page"}
    assert parameters["module"]["enum"] == ["sample", "commissioners-only"]  # the published ones
    assert parameters["per_page"]["maximum"] == 200
    assert set(operation["get"]["responses"]) == {
        "200",
        "400",
        "401",
        "403",
        "404",
        "405",
        "429",
        "500",
    }


# --- every answer is JSON ---------------------------------------------------------------------


def test_an_unknown_endpoint_is_a_json_404(client):
    error = _error(client.get("/api/v1/nope"), 404)
    assert error["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_another_method_is_a_json_405_saying_what_is_allowed(client, token, method):
    response = getattr(client, method)(COMPLETION, headers={"Authorization": f"Bearer {token}"})
    error = _error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}


def test_no_token_is_a_json_401(client):
    response = client.get(COMPLETION)
    assert _error(response, 401)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_deactivating_an_organisation_stops_its_tokens(client, token):
    assert _get(client, token).status_code == 200
    shinjuku = organisation_id(client.application, "新宿区")
    login(client, "boss")
    client.post(f"/admin/organisations/{shinjuku}/deactivate")
    client.post("/logout")
    assert _error(_get(client, token), 403)["code"] == "forbidden"
    login(client, "boss")
    client.post(f"/admin/organisations/{shinjuku}/reactivate")
    client.post("/logout")
    assert _get(client, token).status_code == 200  # a token not revoked works again


def test_too_many_requests_is_a_json_429(make_app, client, token):
    limited = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    limiter.reset()
    api = limited.test_client()
    assert [_get(api, token).status_code for _ in range(2)] == [200, 200]
    assert _error(_get(api, token), 429)["code"] == "too_many_requests"
    assert _get(api, "ysi_another").status_code == 401  # each token has its own allowance


def test_a_server_error_is_a_json_500(make_app, client, token, monkeypatch):
    import app.api.routes as routes

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(routes, "matrix_page", broken)
    server = make_app(PROPAGATE_EXCEPTIONS=False)
    response = _get(server.test_client(), token)
    error = _error(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert error["code"] == "server_error"


# --- parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "value", "allowed"),
    [
        ("page", "abc", "2147483647"),
        ("page", "0", "2147483647"),
        ("page", "-1", "2147483647"),
        ("page", "99999999999999999999", "2147483647"),
        ("per_page", "0", "200"),
        ("per_page", "1000", "200"),
        ("per_page", "ten", "200"),
        ("status", "bogus", "not_started, in_progress, completed"),
        ("audience", "xx", "commissioner, center, counselor"),
        ("module", "nope", "sample, commissioners-only"),
        ("overdue", "yes", "0, 1"),
        ("q", "x" * 101, "100"),
        ("q", "a\nb", "100"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it_and_what_is_allowed(
    client, token, parameter, value, allowed
):
    error = _error(_get(client, token, **{parameter: value}), 400)
    assert error["parameter"] == parameter
    assert allowed in error["allowed"]
    assert parameter in error["message"]  # for people, in Japanese: 「page」の値は使えません…
    assert "使えません" in error["message"]


def test_good_parameters_are_answered(client, token):
    body = _get(
        client,
        token,
        audience="commissioner",
        module="sample",
        status="not_started",
        overdue="0",
        q="shinjuku",
        page="1",
        per_page="2",
    ).get_json()
    assert (body["total"], body["pages"], body["per_page"]) == (5, 3, 2)
    assert [m["module"] for m in body["learners"][0]["modules"]] == ["sample"]


def test_each_page_says_where_the_next_is_and_a_page_past_the_end_is_empty(client, token):
    first = _get(client, token, per_page="2").get_json()
    assert first["next"] == f"{COMPLETION}?page=2&per_page=2"
    second = client.get(first["next"], headers={"Authorization": f"Bearer {token}"}).get_json()
    assert second["page"] == 2 and len(second["learners"]) == 2
    last = _get(client, token, per_page="2", page="3").get_json()
    assert len(last["learners"]) == 1 and last["next"] is None
    beyond = _get(client, token, per_page="2", page="999").get_json()
    assert (beyond["page"], beyond["pages"], beyond["learners"], beyond["next"]) == (
        999,
        3,
        [],
        None,
    )


def test_the_next_page_keeps_the_filter(client, token):
    first = _get(client, token, per_page="1", audience="commissioner").get_json()
    assert first["next"] == f"{COMPLETION}?audience=commissioner&page=2&per_page=1"


def test_a_learners_data_is_as_documented(client, token):
    client.post("/logout")
    login(client, "shinjuku0")
    complete_sample(client)
    client.post("/logout")
    body = _get(client, token, q="shinjuku0").get_json()
    modules = {m["module"]: m for m in body["learners"][0]["modules"]}
    assert modules["sample"]["status"] == "completed" and modules["sample"]["score"] == 100
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", modules["sample"]["completed_at"])
