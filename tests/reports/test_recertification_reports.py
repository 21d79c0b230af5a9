"""Re-certification as the coordinator sees it: expired is a status of its own in the summary,
the matrix, the filter, the exports and the API, and it is not completed (so it can be
overdue); xAPI keeps reporting what happened."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import Module, User
from tests.factories import organisation_id
from tests.learn.new_versions import publish_marked_sample
from tests.query_counter import count_queries
from tests.reports.learner_actions import complete_sample, login, start_sample

PAST = "2026-01-05"
ISO = r"\d{4}-\d{2}-\d{2}"


def _csv(client, query=""):
    response = client.get("/reports/completion.csv" + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _sample_row(html: str) -> str:
    """The summary table's row for the module 'sample' (テスト用の単元)."""
    return re.search(r"<tr><th scope=\"row\">\d+\. テスト用の単元</th>(.*?)</tr>", html).group(1)


def _api(client, token, query=""):
    client.post("/logout")
    response = client.get(
        "/api/v1/reports/completion" + query, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.get_json()


def _token(client):
    login(client, "boss")
    shinjuku = organisation_id(client.application, "新宿区")
    page = client.post("/admin/tokens", data={"organisation": shinjuku, "name": "区のシステム"})
    return re.search(r"ysi_[\w-]+", page.get_data(as_text=True)).group(0)


def _sample_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(Module.id).where(Module.slug == "sample"))


@pytest.fixture
def expired(app, client, runner, tmp_path, people):
    """shinjuku1 completed 'sample' on version 1, shinjuku2 began it; the due date has passed;
    then version 2 was published, marked as requiring re-certification: shinjuku1's completion
    expired, and shinjuku2's reading no longer counts."""
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "shinjuku2")
    start_sample(client)
    login(client, "coord")
    client.post(
        "/reports/due-dates", data={"module": _sample_id(app), "audience": "all", "due_date": PAST}
    )
    old = {r["username"]: r for r in _csv(client, "?module=sample")}["shinjuku1"]
    assert old["status"] == "completed" and old["overdue"] == "no"
    publish_marked_sample(app, runner, tmp_path)
    return old


def test_a_learner_who_completed_version_1_shows_expired_and_then_completed_on_version_2(
    app, client, expired
):
    login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    # assigned, completed, expired, in progress, not started, overdue, rate
    cells = "<td>2</td><td>0</td><td>1</td><td>0</td><td>1</td><td>2</td><td>0%</td>"
    assert cells in _sample_row(html)
    assert '<th scope="col">要再受講</th>' in html
    assert re.search(
        r'↻ </span>要再受講</span> <span class="muted">以前の修了：<span class="date">'
        r'<span class="nowrap">令和\d+年</span>',
        html,
    )
    assert '<option value="expired">要再受講</option>' in html

    rows = {(r["username"], r["module"]): r for r in _csv(client)}
    row = rows[("shinjuku1", "sample")]
    assert row["status"] == "expired"
    assert row["completed_at"] == expired["completed_at"] and row["score"] == "100"
    assert row["overdue"] == "yes", "an expired completion is not a completion"
    assert rows[("shinjuku2", "sample")]["status"] == "not_started"
    sheet = load_workbook(io.BytesIO(client.get("/reports/completion.xlsx").data)).active
    assert ("shinjuku1", "sample", "要再受講") in {  # the XLSX speaks to people
        (r[0], r[4], r[5]) for r in sheet.iter_rows(min_row=2, values_only=True)
    }

    with app.app_context():
        learner_id = db.session.scalar(sa.select(User.id).where(User.username == "shinjuku1"))
    page = client.get(f"/reports/learners/{learner_id}").get_data(as_text=True)
    assert "要再受講" in page and "以前の修了：" in page
    assert "更新前のため、数えられません" in page  # the old pass, still listed

    token = _token(client)
    body = _api(client, token)
    modules = {m["module"]: m for m in body["learners"][0]["modules"]}
    assert body["learners"][0]["username"] == "shinjuku1"
    assert modules["sample"]["status"] == "expired"
    assert modules["sample"]["completed_at"] == expired["completed_at"]
    assert modules["sample"]["overdue"] is True
    assert [x["username"] for x in _api(client, token, "?status=expired")["learners"]] == [
        "shinjuku1"
    ]

    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "shinjuku2")
    start_sample(client)
    login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    cells = "<td>2</td><td>1</td><td>0</td><td>1</td><td>0</td><td>1</td><td>50%</td>"
    assert cells in _sample_row(html)
    row = {(r["username"], r["module"]): r for r in _csv(client)}[("shinjuku1", "sample")]
    assert (row["status"], row["overdue"]) == ("completed", "no")
    assert _csv(client, "?status=expired") == []
    modules = {m["module"]: m for m in _api(client, token)["learners"][0]["modules"]}
    assert modules["sample"]["status"] == "completed"
    assert _api(client, token, "?status=expired")["total"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=expired", {("shinjuku1", "sample"), ("shinjuku1", "commissioners-only")}),
        ("?status=expired&module=sample", {("shinjuku1", "sample")}),
        ("?status=completed", set()),
        ("?status=in_progress", set()),  # shinjuku2's reading was on version 1
        ("?status=not_started&module=sample", {("shinjuku2", "sample")}),
        ("?overdue=1&module=sample", {("shinjuku1", "sample"), ("shinjuku2", "sample")}),
    ],
)
def test_the_status_filter_offers_expired_and_the_states_do_not_overlap(
    client, expired, query, expected
):
    login(client, "coord")
    assert {(r["username"], r["module"]) for r in _csv(client, query)} == expected
    html = client.get("/reports" + query).get_data(as_text=True)
    assert f"条件に合う受講者：{len({u for u, _ in expected})}人" in html


def test_xapi_still_reports_every_completion_that_happened(client, expired):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    statements = client.get("/reports/xapi.json").get_json()["statements"]
    completed = [
        s
        for s in statements
        if s["verb"]["display"]["en-US"] == "completed"
        and s["actor"]["account"]["name"] == "shinjuku1"
    ]
    assert len(completed) == 2


def test_report_query_counts_stay_fixed_with_expired_learners(
    app, curriculum, runner, tmp_path, people
):
    """The fixture module 'sample' beside the real curriculum: synthetic learners complete it,
    a marked version expires them, and the query counts do not move as learners are added."""
    client = app.test_client()
    paths = (
        "/reports",
        "/reports?status=expired",
        "/reports?status=expired&overdue=1",
        "/reports?status=in_progress",
        "/reports/completion.csv",
        "/reports/completion.csv?status=expired",
        "/reports/completion.xlsx",
    )

    def counts():
        result = {}
        for username in ("coord", "boss"):
            login(client, username)
            for path in paths:
                with app.app_context(), count_queries(db.engine) as counter:
                    assert client.get(path).status_code == 200
                result[(username, path)] = counter["n"]
        login(client, "boss")
        html = client.get("/reports?status=expired").get_data(as_text=True)
        shown = int(re.search(r"条件に合う受講者：(\d+)人", html).group(1))
        return result, shown

    assert runner.invoke(args=["demo", "populate", "--learners", "20"]).exit_code == 0
    publish_marked_sample(app, runner, tmp_path, "（第2版）")
    small, expired_small = counts()
    assert (
        runner.invoke(args=["demo", "populate", "--learners", "200", "--seed", "8"]).exit_code == 0
    )
    publish_marked_sample(app, runner, tmp_path, "（第3版）")
    large, expired_large = counts()
    assert 0 < expired_small < expired_large, "expired learners are present in both"
    assert large == small
