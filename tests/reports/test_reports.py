import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def people(app, runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("coord", role="coordinator", audience=None, organisation="新宿区")
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("shinjuku1", audience="commissioner", organisation="新宿区", display_name="新宿 一郎")
    users("shinjuku2", audience="center", organisation="新宿区", display_name='=HYPERLINK("x")')
    users("nerima1", audience="commissioner", organisation="練馬区", display_name="練馬 花子")
    return users


def _login(client, username):
    client.post("/login", data={"username": username, "password": "a-long-test-password"})


def _complete_sample(client):
    html = client.get("/modules/sample").get_data(as_text=True)
    for key in re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html):
        client.post(f"/modules/sample/sections/{key}/read")
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page).group(1)
    client.post(
        "/modules/sample/quiz",
        data={
            "attempt": attempt,
            "q-first": "0",
            "q-second": ["0", "1"],
            "q-third": "1",
            "q-fourth": "0",
        },
    )


def test_a_coordinator_sees_only_their_own_organisation(client, people):
    _login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    assert "新宿 一郎" in html
    assert "練馬 花子" not in html and "nerima1" not in html


def test_a_coordinator_cannot_reach_another_organisation_by_the_address(client, people):
    _login(client, "coord")
    html = client.get("/reports?organisation=20").get_data(as_text=True)
    assert "練馬 花子" not in html
    csv_text = client.get("/reports/completion.csv?organisation=20").get_data(as_text=True)
    assert "nerima1" not in csv_text


def test_an_admin_sees_every_organisation(client, people):
    _login(client, "boss")
    html = client.get("/reports").get_data(as_text=True)
    assert "新宿 一郎" in html and "練馬 花子" in html


def test_the_report_shows_completion_with_date_and_score(client, people):
    _login(client, "shinjuku1")
    _complete_sample(client)
    client.post("/logout")
    _login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    assert re.search(r"✓ </span>修了<br>\d{4}-\d{2}-\d{2}<br>100%", html)
    assert "<td>50%</td>" in html  # one of the two learners of 新宿区 has completed 'sample'


@pytest.mark.parametrize(
    "path", ["/reports", "/reports/completion.csv", "/reports/completion.xlsx"]
)
def test_learners_get_403_on_reports(client, people, path):
    _login(client, "shinjuku1")
    assert client.get(path).status_code == 403


def test_the_csv_has_a_bom_the_agreed_columns_and_one_row_per_learner_and_module(client, people):
    _login(client, "shinjuku1")
    _complete_sample(client)
    client.post("/logout")
    _login(client, "coord")
    response = client.get("/reports/completion.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "username",
        "display_name",
        "organisation",
        "audience",
        "module",
        "status",
        "score",
        "completed_at",
    ]
    # shinjuku1 (commissioner) has two modules; shinjuku2 (center) has one.
    assert [(r[0], r[4]) for r in rows[1:]] == [
        ("shinjuku1", "sample"),
        ("shinjuku1", "commissioners-only"),
        ("shinjuku2", "sample"),
    ]
    done = rows[1]
    assert done[5] == "completed" and done[6] == "100"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", done[7])


def test_csv_cells_that_excel_would_run_as_formulas_are_neutralised(client, people):
    _login(client, "coord")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/reports/completion.csv").get_data().decode("utf-8-sig"))
        )
    )
    names = {r[0]: r[1] for r in rows[1:]}
    assert names["shinjuku2"] == '\'=HYPERLINK("x")'


def test_the_xlsx_keeps_every_text_cell_a_string(client, people):
    _login(client, "coord")
    response = client.get("/reports/completion.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header = [c.value for c in sheet[1]]
    assert header[:8] == [
        "username",
        "display_name",
        "organisation",
        "audience",
        "module",
        "status",
        "score",
        "completed_at",
    ]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    formula = [c for c in cells if c.data_type == "f"]
    assert formula == []
    assert any(c.value == '=HYPERLINK("x")' and c.data_type == "s" for c in cells)
    assert sheet.freeze_panes == "A2"
