"""Bulk import, by the browser and by `flask users import`: all or nothing."""

import csv
import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.admin.actions import audit_events, login, user_count, user_named
from tests.conftest import ON_POSTGRESQL

GOOD = (Path(__file__).parent.parent / "fixtures" / "users" / "accounts.csv").read_text(
    encoding="utf-8"
)
HEADER = "username,display_name,role,audience,organisation\n"

ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
    "cp932 (Excel)": lambda text: text.encode("cp932"),
}

# Every kind of bad row, each on a known line. 'hanako' exists already.
BAD = HEADER + "\n".join(
    [
        "ok1,正しい 行,learner,commissioner,新宿区",  # line 2: fine
        "ghost,架空 太郎,learner,commissioner,架空区",  # 3: unknown organisation
        "ok1,重複 次郎,learner,commissioner,新宿区",  # 4: duplicate in the file
        "HANAKO,既存 花子,learner,commissioner,新宿区",  # 5: exists already
        "badrole,役割 違い,boss,,新宿区",  # 6: bad role
        "badaud,対象 違い,learner,doctor,新宿区",  # 7: bad audience
        "noname,,learner,commissioner,新宿区",  # 8: empty name
        "x" * 65 + ",長い 名前,learner,commissioner,新宿区",  # 9: username too long
        "longname," + "長" * 121 + ",learner,commissioner,新宿区",  # 10: name too long
        "noaudience,対象 なし,learner,,新宿区",  # 11: a learner needs an audience
        "short,列 不足,learner,新宿区",  # 12: wrong number of columns
        "田中,漢字 ユーザー名,learner,commissioner,新宿区",  # 13: bad username characters
        ",名前 だけ,learner,commissioner,新宿区",  # 14: empty username
        "noorg,所属 なし,learner,commissioner,",  # 15: empty organisation
    ]
)
BAD_LINES = {
    3: "Unknown organisation “架空区”.",
    4: "The username ok1 is also on line 2.",
    5: "The username HANAKO already exists.",
    6: "Unknown role “boss”",
    7: "Unknown audience “doctor”",
    8: "The display name is empty.",
    9: "The username is longer than 64 characters.",
    10: "The display name is longer than 120 characters.",
    11: "A learner needs an audience",
    12: "Expected 5 columns, found 4.",
    13: "A username may hold only the letters",
    14: "The username is empty.",
    15: "The organisation is empty.",
}


def _upload(client, data: bytes, filename="accounts.csv"):
    # Encoded here, in memory: the test client spools a body over 500 KB to a temporary
    # file that it never closes.
    upload = FileStorage(io.BytesIO(data), filename=filename, content_type="text/csv")
    boundary, body = encode_multipart({"file": upload})
    return client.post(
        "/admin/users/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _confirm_action(html: str) -> str:
    return re.search(r'action="(/admin/users/import/\d+/confirm)"', html)[1]


def _links_action(html: str) -> str:
    return re.search(r'action="(/admin/users/import/\d+/links\.csv)"', html)[1]


def _import(client, data: bytes = GOOD.encode()):
    """Upload, confirm, and land on the result page; returns its HTML."""
    preview = _upload(client, data).get_data(as_text=True)
    return client.post(_confirm_action(preview), follow_redirects=True).get_data(as_text=True)


def _links(client, result_html: str) -> list[list[str]]:
    response = client.post(_links_action(result_html))
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


# --- the browser --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_file_is_previewed_then_imported_with_links(app, client, people, encoding):
    login(client, "boss")
    before = user_count(app)
    preview = _upload(client, ENCODINGS[encoding](GOOD))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Every row is right: 5 accounts can be created." in html
    assert "髙橋 一郎" in html and "練馬区" in html  # CP932's extra kanji survive
    assert user_count(app) == before  # the preview is a dry run

    result = client.post(_confirm_action(html))
    assert result.status_code == 303
    html = client.get(result.headers["Location"]).get_data(as_text=True)
    assert "5 accounts created" in html and "髙橋 一郎" in html
    assert "/account/password/" not in html  # no link is shown: it is in the one download
    assert user_count(app) == before + 5
    takahashi = user_named(app, "takahashi")
    assert (takahashi.display_name, takahashi.role, takahashi.audience) == (
        "髙橋 一郎",
        "learner",
        "center",
    )
    assert takahashi.organisation.name == "練馬区" and takahashi.password_hash is None
    yamada = user_named(app, "yamada")
    assert yamada.role == "coordinator" and yamada.audience is None

    rows = _links(client, html)
    links = [
        re.fullmatch(r"https://yorisoi\.test(/account/password/[\w-]+)", row[3]) for row in rows[1:]
    ]
    assert len(links) == 5 and all(links)
    client.post("/logout")
    client.post(
        links[1][1],
        data={
            "new_password": "髙橋の 新しい 合言葉です よろしく",
            "confirm": "髙橋の 新しい 合言葉です よろしく",
        },
    )
    assert login(client, "takahashi", "髙橋の 新しい 合言葉です よろしく").status_code == 302


def test_the_links_download_once_as_formula_safe_csv(app, client, people):
    login(client, "boss")
    html = _import(client)
    response = client.post(_links_action(html))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "username,display_name,organisation,link"
    assert re.fullmatch(
        r"suzuki\.h,鈴木 花子,新宿区,https://yorisoi\.test/account/password/[\w-]+", lines[1]
    )
    assert lines[4].startswith("yamada,'=山田 取りまとめ,")  # never a formula
    assert len(lines) == 6
    # Then they are forgotten: a second download, or the result page again, has nothing.
    again = client.post(_links_action(html), follow_redirects=True)
    assert "The links can no longer be downloaded" in again.get_data(as_text=True)
    page = client.get(
        re.search(r"(/admin/users/import/\d+)/links", _links_action(html))[1] + "/done",
        follow_redirects=True,
    )
    assert "This import is finished" in page.get_data(as_text=True)


def test_the_links_are_made_at_the_download_and_never_stored(app, client, people):
    from app.extensions import db
    from app.models import PasswordLink, UserImport

    login(client, "boss")
    html = _import(client)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PasswordLink.id))) == 0
        kept = db.session.scalars(sa.select(UserImport)).one()
        assert kept.text is None and len(kept.user_ids) == 5  # the file is forgotten already
    rows = _links(client, html)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PasswordLink.id))) == 5
        assert db.session.scalar(sa.select(sa.func.count(UserImport.id))) == 0
        stored = " ".join(db.session.scalars(sa.select(PasswordLink.token_hash)))
    for row in rows[1:]:
        assert row[3].rsplit("/", 1)[1] not in stored


def test_only_the_importing_admin_sees_confirms_or_downloads_an_import(app, client, people):
    people("boss2", role="admin", audience=None, organisation="千代田区")
    login(client, "boss")
    preview = _upload(client, GOOD.encode()).get_data(as_text=True)
    confirm = _confirm_action(preview)
    other = app.test_client()
    login(other, "boss2")
    assert other.get(confirm.removesuffix("/confirm")).status_code == 404
    refused = other.post(confirm, follow_redirects=True)
    assert "This preview has expired" in refused.get_data(as_text=True)
    before = user_count(app)
    html = client.post(confirm, follow_redirects=True).get_data(as_text=True)
    assert user_count(app) == before + 5
    stolen = other.post(_links_action(html), follow_redirects=True)
    assert "can no longer be downloaded" in stolen.get_data(as_text=True)
    assert len(_links(client, html)) == 6  # still there for its own admin


def test_an_import_is_forgotten_after_an_hour(app, client, people, monkeypatch):
    from datetime import timedelta

    import app.services.administration.user_import as service
    from app.models.timestamps import utcnow

    login(client, "boss")
    preview = _upload(client, GOOD.encode()).get_data(as_text=True)
    later = utcnow() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(service, "utcnow", lambda: later)
    before = user_count(app)
    response = client.post(_confirm_action(preview), follow_redirects=True)
    assert "This preview has expired. Please upload the file again." in response.get_data(
        as_text=True
    )
    assert user_count(app) == before
    client.get("/admin/users/import")  # any visit sweeps what is stale
    from app.extensions import db
    from app.models import UserImport

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(UserImport.id))) == 0


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_saved(app, client, people):
    login(client, "boss")
    before = user_count(app)
    response = _upload(client, BAD.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"{len(BAD_LINES)} problems: nothing has been saved" in html
    for line, message in BAD_LINES.items():
        assert re.search(rf"Line {line}: {re.escape(message)}", html), (line, message)
    assert "Line 2:" not in html
    assert "/confirm" not in html  # nothing to confirm
    assert user_count(app) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Line 1: The file is empty."),
        (HEADER.encode(), "Line 2: The file has a header but no accounts."),
        (
            "ユーザー名,表示名,役割,対象,所属\n".encode("cp932"),
            "Line 1: The first line must be: username,display_name,role,audience,organisation",
        ),
        (b"\x81\x20\xff\xfe", "Line 1: The file is neither UTF-8 nor Shift_JIS (CP932) text."),
    ],
)
def test_a_wrong_file_is_explained(app, client, people, data, message):
    login(client, "boss")
    response = _upload(client, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_record_spanning_lines_keeps_the_line_numbers_right(app, client, people):
    login(client, "boss")
    text = (
        HEADER + 'a1,"二行の\n名前",learner,commissioner,新宿区\na2,正しい 名前,learner,,新宿区\n'
    )
    html = _upload(client, text.encode()).get_data(as_text=True)
    assert "Line 2: The display name must be on one line." in html
    assert "Line 4: A learner needs an audience" in html


def test_a_file_with_nul_bytes_is_explained_not_an_error(app, client, people):
    login(client, "boss")
    text = (
        HEADER
        + "ok1,名前,learner,commissioner,新宿区\nnul\x00user,名前,learner,commissioner,新宿区\n"
    )
    response = _upload(client, text.encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 3: The file holds NUL bytes, so it is not UTF-8 or Shift_JIS text." in html
    assert "/confirm" not in html
    # Excel's "Unicode text" is UTF-16: every other byte is a NUL.
    response = _upload(client, GOOD.encode("utf-16-le"))
    assert response.status_code == 422
    assert "The file holds NUL bytes" in response.get_data(as_text=True)


def test_a_control_character_in_an_organisation_is_a_problem(app, client, people):
    login(client, "boss")
    text = HEADER + "ok2,名前,learner,commissioner,新\x1b宿区\n"
    html = _upload(client, text.encode(), filename="a\x1b.csv").get_data(as_text=True)
    assert "Line 2: The organisation must be on one line." in html


def test_only_a_csv_file_can_be_uploaded(client, people):
    login(client, "boss")
    response = _upload(client, GOOD.encode(), filename="accounts.xlsx")
    assert (
        response.status_code == 422
        and "CSV file: please choose a file of this kind: csv, txt."
        in response.get_data(as_text=True)
    )


def test_a_confirmation_is_checked_again(app, client, people):
    login(client, "boss")
    html = _upload(client, GOOD.encode()).get_data(as_text=True)
    people("ito.m", organisation="港区")  # someone takes a username meanwhile
    before = user_count(app)
    response = client.post(_confirm_action(html))
    assert response.status_code == 422
    assert "Line 4: The username ito.m already exists." in response.get_data(as_text=True)
    assert user_count(app) == before


def test_confirming_twice_creates_the_accounts_once(app, client, people):
    login(client, "boss")
    confirm = _confirm_action(_upload(client, GOOD.encode()).get_data(as_text=True))
    assert client.post(confirm).status_code == 303
    after = user_count(app)
    again = client.post(confirm)
    assert again.status_code == 303  # to the same result page
    assert again.headers["Location"].endswith("/done")
    assert user_count(app) == after


def test_two_confirmations_at_the_same_moment_create_the_accounts_once(
    make_app, app, people, monkeypatch
):
    import threading

    import app.admin.imports as views

    server = make_app()
    first = server.test_client()
    login(first, "boss")
    confirm = _confirm_action(_upload(first, GOOD.encode()).get_data(as_text=True))
    second = server.test_client()
    second.set_cookie("session", first.get_cookie("session").value)
    before = user_count(app)
    together = threading.Barrier(2, timeout=20)
    real_kept_import = views.kept_import

    def kept_import_together(*args):
        found = real_kept_import(*args)
        together.wait()  # both have read the waiting import before either confirms it
        return found

    # On SQLite a write transaction begins with BEGIN IMMEDIATE: the second confirmation waits
    # for the first to commit, so the two cannot both read first; on PostgreSQL they can.
    if ON_POSTGRESQL:
        monkeypatch.setattr(views, "kept_import", kept_import_together)
    statuses = []

    def post(client):
        statuses.append(client.post(confirm).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [303, 303]
    assert user_count(app) == before + 5  # once


def test_the_preview_pages_its_rows(app, client, people):
    login(client, "boss")
    rows = [f"p{n:03},名前 {n},learner,commissioner,新宿区" for n in range(250)]
    rows[180] = "p180,名前,learner,commissioner,架空区"
    response = _upload(client, (HEADER + "\n".join(rows)).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 182: Unknown organisation “架空区”." in html
    assert (
        html.count('<tr id="line-') == 100
        and 'id="line-101"' in html
        and 'id="line-102"' not in html
    )
    more = re.search(r'href="(/admin/users/import/\d+)\?page=2"', html)[1]
    third = client.get(f"{more}?page=3").get_data(as_text=True)
    assert third.count('<tr id="line-') == 50 and 'id="line-251"' in third
    problems = client.get(f"{more}?only=problems").get_data(as_text=True)
    assert problems.count('<tr id="line-') == 1 and 'id="line-182"' in problems


def test_a_file_over_the_row_limit_is_refused_with_a_clear_message(app, client, people):
    from app.services.administration.user_import import MAX_ROWS

    login(client, "boss")
    rows = "\n".join(f"u{n},名前,learner,commissioner,新宿区" for n in range(MAX_ROWS + 1))
    response = _upload(client, (HEADER + rows).encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Line {MAX_ROWS + 2}: The file has more than 10,000 accounts." in html
    assert "Split it into files of at most 10,000 accounts" in html
    assert "/confirm" not in html


def test_150000_rows_get_a_small_clear_refusal(app, client, people):
    login(client, "boss")
    # Short rows, so that 150,000 of them fit under the 5 MB upload limit.
    rows = "\n".join(f"u{n},n,trainer,,港区" for n in range(150_000))
    body = (HEADER + rows).encode()
    assert len(body) < 5 * 1024 * 1024
    response = _upload(client, body)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The file has more than 10,000 accounts." in html
    assert len(response.get_data()) < 50_000  # not a 36 MB page


def test_the_import_is_recorded_in_the_audit_log(app, client, people):
    login(client, "boss")
    preview = _upload(client, GOOD.encode(), filename="四月.csv").get_data(as_text=True)
    html = client.post(_confirm_action(preview), follow_redirects=True).get_data(as_text=True)
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username) == ("users.import", "boss")
    assert event.details["count"] == 5 and event.details["source"] == "四月.csv"
    assert event.details["usernames"][0] == "suzuki.h"
    _links(client, html)
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username) == ("users.import_links", "boss")
    assert event.details == {"count": 5, "source": "四月.csv"}


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_command_imports_a_file(app, runner, people, tmp_path, encoding):
    path = tmp_path / "accounts.csv"
    path.write_bytes(ENCODINGS[encoding](GOOD))
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created 5 account(s)." in result.output
    assert re.search(
        r"^takahashi\thttps://yorisoi\.test/account/password/[\w-]+$", result.output, re.M
    )
    assert user_named(app, "takahashi").organisation.name == "練馬区"
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username, event.ip_address) == ("users.import", "", None)


def test_the_command_writes_the_links_to_a_csv_file(app, runner, people, tmp_path):
    source, output = tmp_path / "accounts.csv", tmp_path / "links.csv"
    source.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(
        args=[
            "users",
            "import",
            str(source),
            "--output",
            str(output),
            "--base-url",
            "https://yorisoi.example.jp/",
        ]
    )
    assert result.exit_code == 0, result.output
    lines = output.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "username,display_name,organisation,link"
    assert re.fullmatch(
        r"suzuki\.h,鈴木 花子,新宿区,https://yorisoi\.example\.jp/account/password/[\w-]+",
        lines[1],
    )
    assert lines[4].startswith("yamada,'=山田")


def test_a_dry_run_saves_nothing(app, runner, people, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_bytes(GOOD.encode("cp932"))
    before = user_count(app)
    result = runner.invoke(args=["users", "import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "OK: 5 account(s) can be created. Dry run: nothing saved." in result.output
    assert user_count(app) == before and audit_events(app) == []


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_the_command_lists_every_problem_and_saves_nothing(app, runner, people, tmp_path, dry_run):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = user_count(app)
    result = runner.invoke(args=["users", "import", str(path), *dry_run])
    assert result.exit_code == 1
    for line, message in BAD_LINES.items():
        assert f"{path}:{line}: {message}" in result.stderr, (line, message)
    assert f"{len(BAD_LINES)} problem(s); nothing was imported." in result.stderr
    assert user_count(app) == before
