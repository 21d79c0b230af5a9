import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.factories import add_centre_under_shinjuku
from tests.reports.learner_actions import complete_sample, login, start_sample

PAST = "2026-01-05"


def _csv(client, query=""):
    body = client.get("/reports/completion.csv" + query).get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def progress(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "shinjuku2")
    start_sample(client)
    login(client, "coord")
    return people


def test_a_coordinator_sets_a_due_date_that_learners_see(client, people):
    login(client, "coord")
    page = client.get("/reports/due-dates").get_data(as_text=True)
    assert "単元の割り当てと期限" in page
    response = client.post(
        "/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST}
    )
    assert response.status_code == 302
    page = client.get("/reports/due-dates").get_data(as_text=True)
    assert "令和8年1月5日" in page and "2026-01-05" in page

    login(client, "shinjuku1")
    curriculum = client.get("/modules").get_data(as_text=True)
    assert "期限 令和8年1月5日" in curriculum
    assert "期限切れ" in curriculum  # the date has passed and the module is not done


def test_an_audiences_own_due_date_wins_over_the_organisation_wide_one(client, people):
    login(client, "coord")
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    client.post(
        "/reports/due-dates", data={"module": "1", "audience": "center", "due_date": "2099-01-01"}
    )
    rows = {r["username"]: r for r in _csv(client, "?module=sample")}
    assert rows["shinjuku1"]["due_date"] == PAST and rows["shinjuku1"]["overdue"] == "yes"
    assert rows["shinjuku2"]["due_date"] == "2099-01-01" and rows["shinjuku2"]["overdue"] == "no"


def test_a_bad_due_date_is_explained(client, people):
    login(client, "coord")
    response = client.post(
        "/reports/due-dates", data={"module": "1", "audience": "all", "due_date": "someday"}
    )
    assert response.status_code == 422
    assert "error-summary" in response.get_data(as_text=True)


def test_due_dates_of_another_organisation_cannot_be_removed(client, people):
    login(client, "coord")
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    login(client, "coord-nerima")
    assert client.post("/reports/due-dates/1/remove").status_code == 404
    login(client, "coord")
    assert "2026-01-05" in client.get("/reports/due-dates").get_data(as_text=True)


def test_the_summary_counts_each_state_and_overdue(client, progress):
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    html = client.get("/reports").get_data(as_text=True)
    # sample: 2 assigned, 1 completed, 0 expired, 1 in progress, 0 not started, 1 overdue (the
    # one not done)
    assert "<td>2</td><td>1</td><td>0</td><td>1</td><td>0</td><td>1</td><td>50%</td>" in html
    assert "<svg" in html and "単元ごとの修了率" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=completed", {("shinjuku1", "sample"), ("shinjuku1", "commissioners-only")}),
        ("?status=completed&module=sample", {("shinjuku1", "sample")}),
        ("?status=in_progress", {("shinjuku2", "sample")}),
        ("?status=not_started&module=commissioners-only", {("shinjuku1", "commissioners-only")}),
        ("?audience=center", {("shinjuku2", "sample")}),
        ("?q=一郎", {("shinjuku1", "sample"), ("shinjuku1", "commissioners-only")}),
        ("?q=%25", set()),
        ("?overdue=1", {("shinjuku2", "sample")}),
    ],
)
def test_exports_show_exactly_what_the_filter_shows(client, progress, query, expected):
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    rows = {(r["username"], r["module"]) for r in _csv(client, query)}
    assert rows == expected
    workbook = load_workbook(io.BytesIO(client.get("/reports/completion.xlsx" + query).data))
    sheet = workbook.active
    assert {(r[0], r[4]) for r in sheet.iter_rows(min_row=2, values_only=True)} == expected
    html = client.get("/reports" + query).get_data(as_text=True)
    assert f"条件に合う受講者：{len({u for u, _ in expected})}人" in html


def test_the_xlsx_has_a_styled_frozen_filtered_header_and_real_dates(client, progress):
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    sheet = load_workbook(io.BytesIO(client.get("/reports/completion.xlsx").data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K4"
    assert sheet["A1"].font.bold
    header = [c.value for c in sheet[1]]
    done = next(r for r in sheet.iter_rows(min_row=2) if r[5].value == "修了")
    completed_at = done[header.index("修了日")]
    due = done[header.index("期限")]
    assert completed_at.is_date and due.is_date
    assert due.value.date() == date(2026, 1, 5)


def test_the_matrix_pages_and_keeps_the_filter(app, client, people):
    for n in range(55):
        people(f"many{n:02d}", audience="counselor", organisation="新宿区")
    login(client, "coord")
    first = client.get("/reports?audience=counselor").get_data(as_text=True)
    assert "2ページ中 1ページ目" in first
    assert "audience=counselor" in first.split("2ページ中")[1][:400]
    second = client.get("/reports?audience=counselor&page=2").get_data(as_text=True)
    assert "many54" in second and "many00" not in second


def test_the_learner_page_shows_reading_attempts_and_scores(client, progress):
    html = client.get("/reports").get_data(as_text=True)
    import re

    link = re.search(r'href="(/reports/learners/\d+)[^"]*">新宿 一郎', html).group(1)
    page = client.get(link).get_data(as_text=True)
    assert "確認テストの受験" in page and "100%" in page and "合格です" in page
    assert "2セクションのうち2セクションを読みました" in page


def test_every_report_response_is_no_store_and_named_safely(client, progress):
    for path in (
        "/reports",
        "/reports/completion.csv",
        "/reports/completion.xlsx",
        "/reports/due-dates",
        "/reports/xapi.json",
    ):
        response = client.get(path)
        assert response.headers["Cache-Control"] == "no-store", path
    disposition = client.get("/reports/completion.csv").headers["Content-Disposition"]
    assert "filename*=UTF-8''%E4%BF%AE%E4%BA%86%E7%8A%B6%E6%B3%81_" in disposition
    assert 'filename="' in disposition


def test_a_centre_under_the_municipality_shares_its_due_dates(app, client, people):
    add_centre_under_shinjuku(app)
    people("centre1", audience="center", organisation="新宿区 第一センター")
    login(client, "coord")
    client.post("/reports/due-dates", data={"module": "1", "audience": "all", "due_date": PAST})
    rows = {r["username"]: r for r in _csv(client, "?module=sample")}
    assert rows["centre1"]["due_date"] == PAST and rows["centre1"]["overdue"] == "yes"
    assert "centre1" in {r["username"] for r in _csv(client, "?overdue=1")}
    html = client.get("/reports").get_data(as_text=True)
    assert "<td>3</td><td>0</td><td>0</td><td>0</td><td>3</td><td>3</td><td>0%</td>" in html
    login(client, "centre1")
    assert "期限 令和8年1月5日" in client.get("/modules").get_data(as_text=True)
