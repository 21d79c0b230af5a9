"""Every administration page opens for an admin, and follows the site's accessibility rules."""

import re

import pytest

from tests.admin.actions import login, user_named
from tests.factories import organisation_id
from tests.login import log_in


@pytest.fixture
def strict_client(make_app, app, people):
    """An admin's browser on an app that checks CSRF tokens, as in production."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    log_in(client, "boss")
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin",
        "/admin/organisations",
        "/admin/organisations/new",
        "/admin/organisations/{新宿区}/edit",
        "/admin/users",
        "/admin/users/new",
        "/admin/users/{hanako}/edit",
        "/admin/users/import",
        "/admin/audit",
        "/admin/tokens",
        "/account",
    ],
)
def test_each_page_opens_and_is_accessible(app, strict_client, path):
    ids = {"hanako": user_named(app, "hanako").id, "新宿区": organisation_id(app, "新宿区")}
    response = strict_client.get(path.format(**ids))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert '<html lang="ja">' in html
    assert "<script" not in html and " style=" not in html and "<style" not in html
    assert "<th>" not in html  # every header cell says what it heads
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"|\shidden\b', tag):
            continue
        field_id = re.search(r'\bid="([^"]+)"', tag)[1]
        assert f'for="{field_id}"' in html, tag
    for form in re.findall(r'<form method="post".*?</form>', html, re.S):
        assert 'name="csrf_token"' in form


def test_the_admin_index_links_to_every_part(client, people):
    login(client, "boss")
    html = client.get("/admin").get_data(as_text=True)
    for path in (
        "/admin/organisations",
        "/admin/users",
        "/admin/users/import",
        "/admin/audit",
        "/admin/tokens",
    ):
        assert f'href="{path}"' in html


def test_unknown_records_are_not_found(client, people):
    login(client, "boss")
    assert client.get("/admin/users/999/edit").status_code == 404
    assert client.get("/admin/organisations/999/edit").status_code == 404
    assert client.post("/admin/users/999/password-link").status_code == 404
    assert client.post("/admin/organisations/999/deactivate").status_code == 404
