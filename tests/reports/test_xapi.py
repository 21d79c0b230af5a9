"""xAPI statements have the shape a learning record store accepts (xAPI 1.0.3)."""

import re
import uuid

import pytest

from tests.reports.learner_actions import complete_sample, login

VERBS = {"completed", "passed", "failed", "answered"}


def _valid(statement):
    uuid.UUID(statement["id"])
    assert statement["version"] == "1.0.3"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", statement["timestamp"])
    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    assert set(actor["account"]) == {"homePage", "name"}
    assert actor["account"]["homePage"].startswith("http")
    verb = statement["verb"]
    assert verb["id"] == f"http://adlnet.gov/expapi/verbs/{verb['display']['en-US']}"
    assert verb["display"]["en-US"] in VERBS
    activity = statement["object"]
    assert activity["objectType"] == "Activity"
    assert activity["id"].startswith("http")
    assert activity["definition"]["type"].startswith("http://adlnet.gov/expapi/activities/")
    result = statement.get("result", {})
    if "score" in result:
        score = result["score"]
        assert 0 <= score["scaled"] <= 1 and score["min"] <= score["raw"] <= score["max"]


def test_completions_attempts_and_answers_become_statements(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    body = client.get("/reports/xapi.json").get_json()
    statements = body["statements"]
    for statement in statements:
        _valid(statement)
    verbs = [s["verb"]["display"]["en-US"] for s in statements]
    assert verbs.count("completed") == 1
    assert verbs.count("passed") == 1
    assert verbs.count("answered") == 5  # the sample quiz has five questions
    answered = next(s for s in statements if s["verb"]["display"]["en-US"] == "answered")
    assert answered["object"]["definition"]["interactionType"] == "choice"
    assert answered["context"]["contextActivities"]["parent"][0]["id"].endswith("/modules/sample")
    assert {s["actor"]["account"]["name"] for s in statements} == {"shinjuku1"}
    assert len({s["id"] for s in statements}) == len(statements)


def test_statement_ids_are_stable_between_exports(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    first = [s["id"] for s in client.get("/reports/xapi.json").get_json()["statements"]]
    again = [s["id"] for s in client.get("/reports/xapi.json").get_json()["statements"]]
    assert first == again


def test_another_organisations_learners_are_not_exported(client, people):
    login(client, "nerima1")
    complete_sample(client)
    login(client, "coord")
    assert client.get("/reports/xapi.json").get_json()["statements"] == []


def test_a_matching_answer_is_a_matching_interaction(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    statements = client.get("/reports/xapi.json").get_json()["statements"]
    (matching,) = [
        s for s in statements if s["object"]["id"].endswith("/quiz/questions/window-and-role")
    ]
    definition = matching["object"]["definition"]
    assert definition["interactionType"] == "matching"
    assert [item["description"]["ja-JP"] for item in definition["source"]] == [
        "地域包括支援センター",
        "生活困窮者自立相談支援機関",
        "ひきこもり地域支援センター",
    ]
    # The choices in the one order every learner sees (sorted by text), the extra one too.
    assert [item["description"]["ja-JP"] for item in definition["target"]] == [
        "ひきこもりに特化した専門の相談",
        "就職先をその場で決める窓口",
        "暮らしやお金の困りごとの相談",
        "高齢の方と家族の総合的な相談",
    ]
    assert definition["correctResponsesPattern"] == ["0[.]3[,]1[.]2[,]2[.]0"]
    assert matching["result"] == {"success": True, "response": "0[.]3[,]1[.]2[,]2[.]0"}
    choice = next(s for s in statements if s["object"]["id"].endswith("/questions/second"))
    assert choice["object"]["definition"]["interactionType"] == "choice"
    assert choice["object"]["definition"]["correctResponsesPattern"] == ["0[,]1"]


def test_answered_statements_always_carry_the_response(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    statements = client.get("/reports/xapi.json").get_json()["statements"]
    answered = [s for s in statements if s["verb"]["display"]["en-US"] == "answered"]
    assert len(answered) == 5  # four choice questions and the matching one
    for statement in answered:
        assert isinstance(statement["result"]["response"], str)
        assert statement["result"]["response"] != ""
        assert isinstance(statement["result"]["success"], bool)


def test_each_page_says_where_the_next_is_and_a_page_past_the_end_is_empty(
    client, people, monkeypatch
):
    import app.reports.routes as routes

    monkeypatch.setattr(routes, "XAPI_PAGE", 1)  # one learner a page: 新宿区 has two
    for username in ("shinjuku1", "shinjuku2"):
        login(client, username)
        complete_sample(client)
    login(client, "coord")
    first = client.get("/reports/xapi.json").get_json()
    assert (first["page"], first["pages"], first["more"]) == (1, 2, "/reports/xapi.json?page=2")
    second = client.get(first["more"]).get_json()
    assert second["page"] == 2 and second["more"] == "" and second["statements"]
    assert {s["actor"]["account"]["name"] for s in first["statements"]} != {
        s["actor"]["account"]["name"] for s in second["statements"]
    }
    beyond = client.get("/reports/xapi.json?page=999").get_json()
    assert (beyond["page"], beyond["statements"], beyond["more"]) == (999, [], "")


def test_the_next_page_keeps_the_filter(client, people, monkeypatch):
    import app.reports.routes as routes

    monkeypatch.setattr(routes, "XAPI_PAGE", 1)
    login(client, "coord")
    body = client.get("/reports/xapi.json?audience=commissioner&status=not_started").get_json()
    assert body["pages"] == 1 and body["more"] == ""
    body = client.get("/reports/xapi.json?status=not_started").get_json()
    assert body["more"] == "/reports/xapi.json?status=not_started&page=2"


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999"])
def test_a_page_that_is_not_one_is_a_400(client, people, page):
    login(client, "coord")
    response = client.get(f"/reports/xapi.json?page={page}")
    assert response.status_code == 400
    assert "page" in response.get_data(as_text=True)
