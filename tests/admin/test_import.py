"""Bulk import, by the browser and by `flask users import`: all or nothing."""

import io
import re
from pathlib import Path

import pytest

from tests.admin.actions import audit_events, login, user_count, user_named

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
    return client.post(
        "/admin/users/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _payload(html: str) -> str:
    return re.search(r'name="payload" type="hidden" value="([^"]+)"', html)[1]


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

    result = client.post("/admin/users/import/confirm", data={"payload": _payload(html)})
    html = result.get_data(as_text=True)
    assert result.status_code == 200 and "5 accounts created" in html
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

    links = re.findall(r"http://localhost(/account/password/[\w-]+)", html)
    assert len(links) == 5
    client.post("/logout")
    client.post(
        links[1],
        data={
            "new_password": "髙橋の 新しい 合言葉です よろしく",
            "confirm": "髙橋の 新しい 合言葉です よろしく",
        },
    )
    assert login(client, "takahashi", "髙橋の 新しい 合言葉です よろしく").status_code == 302


def test_the_links_download_as_formula_safe_csv(app, client, people):
    login(client, "boss")
    html = _upload(client, GOOD.encode()).get_data(as_text=True)
    html = client.post("/admin/users/import/confirm", data={"payload": _payload(html)}).get_data(
        as_text=True
    )
    shown = re.findall(r"http://localhost/account/password/[\w-]+", html)
    response = client.post("/admin/users/import/links.csv", data={"payload": _payload(html)})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "username,display_name,organisation,link"
    assert lines[1] == f"suzuki.h,鈴木 花子,新宿区,{shown[0]}"
    assert lines[4].startswith("yamada,'=山田 取りまとめ,")  # never a formula
    assert len(lines) == 6


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
    assert 'name="payload"' not in html  # nothing to confirm
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


def test_only_a_csv_file_can_be_uploaded(client, people):
    login(client, "boss")
    response = _upload(client, GOOD.encode(), filename="accounts.xlsx")
    assert (
        response.status_code == 422
        and "CSV file: please choose a file of this kind: csv, txt."
        in response.get_data(as_text=True)
    )


def test_a_tampered_confirmation_saves_nothing(app, client, people):
    login(client, "boss")
    html = _upload(client, GOOD.encode()).get_data(as_text=True)
    before = user_count(app)
    payload = _payload(html)
    response = client.post(
        "/admin/users/import/confirm", data={"payload": payload[:-3] + "abc"}, follow_redirects=True
    )
    assert "This preview has expired. Please upload the file again." in response.get_data(
        as_text=True
    )
    assert user_count(app) == before


def test_a_confirmation_is_checked_again(app, client, people):
    login(client, "boss")
    html = _upload(client, GOOD.encode()).get_data(as_text=True)
    people("ito.m", organisation="港区")  # someone takes a username meanwhile
    before = user_count(app)
    response = client.post("/admin/users/import/confirm", data={"payload": _payload(html)})
    assert response.status_code == 422
    assert "Line 4: The username ito.m already exists." in response.get_data(as_text=True)
    assert user_count(app) == before


def test_confirming_twice_creates_the_accounts_once(app, client, people):
    login(client, "boss")
    payload = _payload(_upload(client, GOOD.encode()).get_data(as_text=True))
    assert client.post("/admin/users/import/confirm", data={"payload": payload}).status_code == 200
    after = user_count(app)
    again = client.post("/admin/users/import/confirm", data={"payload": payload})
    assert again.status_code == 422
    assert "Line 2: The username suzuki.h already exists." in again.get_data(as_text=True)
    assert user_count(app) == after


def test_the_import_is_recorded_in_the_audit_log(app, client, people):
    login(client, "boss")
    html = _upload(client, GOOD.encode(), filename="四月.csv").get_data(as_text=True)
    client.post("/admin/users/import/confirm", data={"payload": _payload(html)})
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username) == ("users.import", "boss")
    assert event.details["count"] == 5 and event.details["source"] == "四月.csv"
    assert event.details["usernames"][0] == "suzuki.h"


# --- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_command_imports_a_file(app, runner, people, tmp_path, encoding):
    path = tmp_path / "accounts.csv"
    path.write_bytes(ENCODINGS[encoding](GOOD))
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Created 5 account(s)." in result.output
    assert re.search(r"^takahashi\t/account/password/[\w-]+$", result.output, re.M)
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
