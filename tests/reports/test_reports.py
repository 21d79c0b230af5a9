import csv
import io
import re
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from tests.factories import organisation_id
from tests.reports.learner_actions import complete_sample, login

# The columns design.md promises other tools, in this order.
AGREED_COLUMNS = [
    "username", "display_name", "organisation", "audience",
    "module", "status", "score", "completed_at",
]  # fmt: skip


def test_a_coordinator_sees_only_their_own_organisation(client, people):
    login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    assert "新宿 一郎" in html
    assert "練馬 花子" not in html and "nerima1" not in html


def test_a_coordinator_cannot_reach_another_organisation_by_the_address(app, client, people):
    login(client, "coord")
    nerima = organisation_id(app, "練馬区")
    page = client.get(f"/reports?organisation={nerima}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "新宿 一郎" in html  # their own report, not 練馬区's
    assert "練馬 花子" not in html
    export = client.get(f"/reports/completion.csv?organisation={nerima}")
    csv_text = export.get_data(as_text=True)
    assert export.status_code == 200 and "shinjuku1" in csv_text
    assert "nerima1" not in csv_text


def test_an_admin_sees_every_organisation(client, people):
    login(client, "boss")
    html = client.get("/reports").get_data(as_text=True)
    assert "新宿 一郎" in html and "練馬 花子" in html


def test_the_report_shows_completion_with_date_and_score(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    client.post("/logout")
    login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    # one date, in 和暦 (ISO is for the exports), then the score
    wareki = r'<span class="nowrap">令和\d+年</span><wbr><span class="nowrap">\d+月\d+日</span>'
    cell = rf'✓ </span>修了</span> <span class="date">{wareki}</span> <span class="score">100%'
    assert re.search(cell, html)
    assert "<td>50%</td>" in html  # one of the two learners of 新宿区 has completed 'sample'


@pytest.mark.parametrize(
    "path", ["/reports", "/reports/completion.csv", "/reports/completion.xlsx"]
)
def test_learners_get_403_on_reports(client, people, path):
    login(client, "shinjuku1")
    assert client.get(path).status_code == 403


def test_the_csv_has_a_bom_the_agreed_columns_and_one_row_per_learner_and_module(client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    client.post("/logout")
    login(client, "coord")
    response = client.get("/reports/completion.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    assert response.headers["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:8] == AGREED_COLUMNS
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
    login(client, "coord")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/reports/completion.csv").get_data().decode("utf-8-sig"))
        )
    )
    names = {r[0]: r[1] for r in rows[1:]}
    assert names["shinjuku2"] == '\'=HYPERLINK("x")'
    theirs = [r[1] for r in rows[1:] if r[0] == "shinjuku2"]  # on every row of theirs
    assert theirs and set(theirs) == {'\'=HYPERLINK("x")'}


def test_a_csv_of_every_column_keeps_numbers_flags_and_texts_apart():
    from app.renderers.spreadsheets import csv_chunks

    # Texts repeat from row to row (each is defused once, then reused); 1 and True must not.
    rows = [(1, True, "=1+1", "=1+1"), (True, 1, "-2", "=1+1")]
    text = b"".join(csv_chunks(("a", "b", "c", "d"), rows)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["a", "b", "c", "d"],
        ["1", "True", "'=1+1", "'=1+1"],
        ["True", "1", "'-2", "'=1+1"],
    ]


def test_the_xlsx_keeps_every_text_cell_a_string(client, people):
    login(client, "coord")
    response = client.get("/reports/completion.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header = [c.value for c in sheet[1]]
    # For people in Excel: the agreed columns, in the viewer's words.
    assert header[:8] == [
        "ユーザー名",
        "氏名",
        "所属",
        "対象",
        "単元コード",
        "状況",
        "得点",
        "修了日",
    ]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    formula = [c for c in cells if c.data_type == "f"]
    assert formula == []
    assert any(c.value == '=HYPERLINK("x")' and c.data_type == "s" for c in cells)
    assert sheet.freeze_panes == "A2"


def test_exports_speak_codes_to_systems_and_words_to_people(client, people):
    login(client, "coord")
    codes = client.get("/reports/completion.csv")
    assert codes.status_code == 200
    rows = list(csv.reader(io.StringIO(codes.get_data().decode("utf-8-sig"))))
    assert rows[0][:8] == AGREED_COLUMNS
    assert {row[3] for row in rows[1:]} == {"commissioner", "center"}
    assert {row[5] for row in rows[1:]} <= {"not_started", "in_progress", "completed"}
    assert {row[10] for row in rows[1:]} == {"no"}

    words = client.get("/reports/completion.csv?labels=ja")
    assert words.status_code == 200
    rows = list(csv.reader(io.StringIO(words.get_data().decode("utf-8-sig"))))
    assert rows[0] == [
        "ユーザー名", "氏名", "所属", "対象", "単元コード", "状況", "得点", "修了日",
        "単元", "期限", "期限切れ",
    ]  # fmt: skip
    assert {row[3] for row in rows[1:]} == {"民生委員・児童委員", "地域包括支援センター職員"}
    assert {row[5] for row in rows[1:]} <= {"未着手", "学習中", "修了"}
    assert {row[10] for row in rows[1:]} == {"いいえ"}
    assert client.get("/reports/completion.csv?labels=xx").status_code == 400


def test_the_xlsx_follows_the_viewers_language(client, people):
    login(client, "coord")
    client.post("/language", data={"lang": "en", "next": "/reports"})
    sheet = load_workbook(io.BytesIO(client.get("/reports/completion.xlsx").data)).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "Username",
        "Full name",
        "Affiliation",
        "Audience",
        "Module code",
        "Status",
    ]
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Welfare commissioner",
        "Community support centre",
    }


def test_the_ascii_file_name_says_what_the_file_is(client, people):
    login(client, "coord")
    disposition = client.get("/reports/completion.csv").headers["Content-Disposition"]
    assert 'filename="yorisoi-completion-13104-' in disposition and '.csv"' in disposition
    assert "filename*=UTF-8''" + quote("修了状況_新宿区_") in disposition
