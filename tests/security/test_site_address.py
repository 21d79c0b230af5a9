"""Links that leave the request are built from the configured BASE_URL, never from the
Host header: a one-time password link, a certificate's verify address, xAPI ids, the links
in the import's CSV, the command line's links. Production refuses any other host."""

import csv
import io
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.config import load_config
from tests.conftest import BASE_URL
from tests.factories import organisation_id
from tests.login import log_in
from tests.reports.learner_actions import complete_sample

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


class Elsewhere(FlaskClient):
    """A browser that reached the site under another name: every request it sends says
    `Host: evil.example` (a forged header, or a stray DNS name)."""

    def open(self, *args, **kwargs):
        if not (args and isinstance(args[0], str) and "://" in args[0]):
            kwargs.setdefault("base_url", "http://evil.example")
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = Elsewhere
    client = app.test_client()
    assert client.get("/healthz").request.host == "evil.example"
    return client


@pytest.fixture
def people(app, runner, users):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("coord", role="coordinator", audience=None, organisation="新宿区")
    users("hanako", audience="commissioner", organisation="新宿区")
    return users


def _user_id(app, username):
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import User

    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def test_a_password_link_points_at_base_url_whatever_the_host_header(app, client, people):
    log_in(client, "boss")
    user_id = _user_id(app, "hanako")
    html = client.post(f"/admin/users/{user_id}/password-link").get_data(as_text=True)
    links = re.findall(r'value="([^"]*/account/password/[^"]+)"', html)
    assert len(links) == 1 and links[0].startswith(f"{BASE_URL}/account/password/")
    assert "evil.example" not in html


def test_a_new_accounts_link_points_at_base_url(app, client, people):
    log_in(client, "boss")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "taro",
            "display_name": "新宿 太郎",
            "role": "learner",
            "audience": "commissioner",
            "organisation": organisation_id(app, "新宿区"),
        },
    )
    html = response.get_data(as_text=True)
    assert f'value="{BASE_URL}/account/password/' in html and "evil.example" not in html


def test_the_certificate_verify_address_is_base_url(app, client, people):
    log_in(client, "hanako")
    complete_sample(client)
    code = re.search(r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(True))[1]
    body = client.get(f"/certificates/{code}.pdf").get_data()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert f"{BASE_URL}/verify/{code}" in text and "evil.example" not in text


def test_xapi_ids_are_base_url(app, client, people):
    log_in(client, "hanako")
    complete_sample(client)
    log_in(client, "coord")
    response = client.get("/reports/xapi.json")
    statements = response.get_json()["statements"]
    assert statements and "evil.example" not in response.get_data(as_text=True)
    for statement in statements:
        assert statement["actor"]["account"]["homePage"] == BASE_URL
        assert statement["object"]["id"].startswith(f"{BASE_URL}/modules/sample")


def test_the_import_links_csv_points_at_base_url(app, client, people):
    log_in(client, "boss")
    upload = (
        "username,display_name,role,audience,organisation\nsato,佐藤 一,learner,center,新宿区\n"
    )
    preview = client.post(
        "/admin/users/import",
        data={"file": (io.BytesIO(upload.encode()), "a.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    confirm = re.search(r'action="(/admin/users/import/\d+/confirm)"', preview)[1]
    done = client.post(confirm, follow_redirects=True).get_data(as_text=True)
    download = re.search(r'action="(/admin/users/import/\d+/links\.csv)"', done)[1]
    body = client.post(download).get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "sato" and rows[1][3].startswith(f"{BASE_URL}/account/password/")
    assert "evil.example" not in body


def test_the_command_line_prints_links_at_base_url(app, runner, people, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "username,display_name,role,audience,organisation\nsato,佐藤 一,learner,center,新宿区\n"
    )
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"^sato\t{re.escape(BASE_URL)}/account/password/[\w-]+$", result.output, re.M)


def test_base_url_is_the_local_address_in_demo_mode(tmp_path):
    assert load_config(str(tmp_path), {})["BASE_URL"] == "http://127.0.0.1:5000"
    assert load_config(str(tmp_path), {"PORT": "8000"})["BASE_URL"] == "http://127.0.0.1:8000"
    assert "TRUSTED_HOSTS" not in load_config(str(tmp_path), {})


PRODUCTION = {
    "YORISOI_ENV": "production",
    "SECRET_KEY": "s",
    "DATABASE_URL": "postgresql://db/x",
    "BASE_URL": "https://yorisoi.example.jp/",
}


def test_production_takes_its_trusted_hosts_from_base_url(tmp_path):
    config = load_config(str(tmp_path), PRODUCTION)
    assert config["BASE_URL"] == "https://yorisoi.example.jp"
    assert config["TRUSTED_HOSTS"] == ["yorisoi.example.jp"]
    # The load balancer's health check may name its own address, if told.
    extra = load_config(str(tmp_path), {**PRODUCTION, "TRUSTED_HOSTS": "10.0.0.5, app1"})
    assert extra["TRUSTED_HOSTS"] == ["yorisoi.example.jp", "10.0.0.5", "app1"]


@pytest.mark.parametrize("url", ["yorisoi.example.jp", "ftp://x", "https://x/?a=1", "https://"])
def test_a_base_url_that_is_not_an_address_is_refused(tmp_path, url):
    from app.config import ConfigError

    with pytest.raises(ConfigError, match="BASE_URL"):
        load_config(str(tmp_path), {**PRODUCTION, "BASE_URL": url})


def test_production_answers_another_host_with_400_in_its_own_page(make_app, app, tmp_path):
    trusted = load_config(str(tmp_path), PRODUCTION)["TRUSTED_HOSTS"]
    production = make_app(TRUSTED_HOSTS=trusted, PROPAGATE_EXCEPTIONS=False)
    client = production.test_client()
    assert client.get("/login", base_url="https://yorisoi.example.jp").status_code == 200
    response = client.get("/login", base_url="https://evil.example")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<html lang="ja">' in html and "送られた内容に問題がありました" in html
