"""Exports stream: rows are read in chunks and sent as they are made, whatever the number of
learners (the memory is measured by bench/reports.py, not here)."""

import csv
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import User
from app.vocabulary import Audience
from tests.factories import organisation_id
from tests.reports.learner_actions import complete_sample, login

MANY = 1500


def _add_learners(app, count: int) -> None:
    shinjuku = organisation_id(app, "新宿区")
    with app.app_context():
        db.session.execute(
            sa.insert(User),
            [
                dict(
                    username=f"many{n:05d}",
                    display_name=f"多数 {n}",
                    audience=Audience.COMMISSIONER,
                    organisation_id=shinjuku,
                    session_token=f"token-{n}",
                )
                for n in range(count)
            ],
        )
        db.session.commit()


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_is_sent_in_chunks_as_it_is_made(app, client, people):
    login(client, "shinjuku1")
    complete_sample(client)
    _add_learners(app, MANY)
    login(client, "coord")
    response = client.get("/reports/completion.csv")
    assert response.status_code == 200 and response.is_streamed
    chunks = [chunk for chunk in response.response if chunk]
    assert len(chunks) > 2  # not one body built whole
    assert chunks[0].startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(b"".join(chunks))
    # Every learner once per module of theirs, in the report's order, none lost at a seam.
    usernames = [row[0] for row in rows[1:]]
    assert len(usernames) == 2 * MANY + 3
    assert usernames[:3] == ["many00000", "many00000", "many00001"]
    assert usernames == sorted(usernames)
    done = [row for row in rows[1:] if row[0] == "shinjuku1" and row[4] == "sample"]
    assert done[0][5] == "completed" and done[0][6] == "100"


def test_the_xlsx_is_sent_from_a_file_and_holds_every_row(app, client, people):
    _add_learners(app, MANY)
    login(client, "coord")
    response = client.get("/reports/completion.xlsx")
    assert response.status_code == 200 and response.is_streamed
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.max_row == 2 * MANY + 3 + 1
    assert sheet.auto_filter.ref == f"A1:K{2 * MANY + 4}"
    # The same rows as the CSV in Japanese words (?labels=ja), which the XLSX speaks.
    csv_rows = _csv_rows(client.get("/reports/completion.csv?labels=ja").get_data())
    # The same rows as the CSV (whose display names are defused, hence left out here).
    same = (0, 2, 3, 4, 5, 6)
    xlsx_rows = [
        ["" if row[i].value is None else str(row[i].value) for i in same]
        for row in sheet.iter_rows(min_row=1)
    ]
    assert xlsx_rows == [[row[i] for i in same] for row in csv_rows]
