"""xAPI statements have the shape a learning record store accepts (xAPI 1.0.3)."""

import re
import uuid

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
