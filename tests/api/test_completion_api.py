import re
from pathlib import Path

import pytest

from tests.factories import organisation_id
from tests.reports.learner_actions import complete_sample, login

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def people(runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("shinjuku1", audience="commissioner", organisation="新宿区", display_name="新宿 一郎")
    users("nerima1", audience="commissioner", organisation="練馬区", display_name="練馬 花子")
    return users


def _issue(client, organisation="新宿区", name="区のシステム"):
    login(client, "boss")
    chosen = organisation_id(client.application, organisation)
    html = client.post("/admin/tokens", data={"organisation": chosen, "name": name})
    return re.search(r"ysi_[\w-]+", html.get_data(as_text=True)).group(0)


def _get(client, token, query=""):
    client.post("/logout")
    return client.get(
        "/api/v1/reports/completion" + query, headers={"Authorization": f"Bearer {token}"}
    )


def test_a_token_reads_its_own_organisation_only(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    token = _issue(client)  # 4 = 新宿区
    response = _get(client, token)
    body = response.get_json()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert body["organisation"] == {"code": "13104", "name": "新宿区"}
    assert [learner["username"] for learner in body["learners"]] == ["shinjuku1"]
    modules = {m["module"]: m for m in body["learners"][0]["modules"]}
    assert modules["sample"]["status"] == "completed" and modules["sample"]["score"] == 100
    assert "nerima1" not in response.get_data(as_text=True)


def test_filters_and_paging_work_as_on_the_report(client, people):
    for n in range(5):
        people(f"extra{n}", audience="center", organisation="新宿区")
    token = _issue(client)
    body = _get(client, token, "?audience=center&per_page=2&page=2").get_json()
    assert (body["total"], body["pages"], body["page"]) == (5, 3, 2)
    assert [learner["username"] for learner in body["learners"]] == ["extra2", "extra3"]


def test_the_organisation_cannot_be_chosen_by_the_caller(client, people):
    token = _issue(client)
    nerima = organisation_id(client.application, "練馬区")
    body = _get(client, token, f"?organisation={nerima}").get_json()
    assert body["organisation"]["name"] == "新宿区"


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic abc", "Bearer "])
def test_without_a_valid_token_the_answer_is_401(client, people, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/reports/completion", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_at_once(client, people):
    token = _issue(client)
    assert _get(client, token).status_code == 200
    login(client, "boss")
    html = client.get("/admin/tokens").get_data(as_text=True)
    token_id = re.search(r"/admin/tokens/(\d+)/revoke", html).group(1)
    client.post(f"/admin/tokens/{token_id}/revoke")
    assert _get(client, token).status_code == 401


def test_tokens_are_stored_hashed(app, client, people):
    token = _issue(client)
    from app.extensions import db
    from app.models import ApiToken

    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken)).one()
        assert stored.token_hash != token and token not in stored.token_hash
        assert len(stored.token_hash) == 64


def test_only_admins_issue_tokens(client, people):
    people("coord", role="coordinator", audience=None)
    login(client, "coord")
    assert client.get("/admin/tokens").status_code == 403
    assert client.post("/admin/tokens", data={"organisation": 4, "name": "x"}).status_code == 403
