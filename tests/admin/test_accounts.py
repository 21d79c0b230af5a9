import re

import pytest

from app.models import User
from tests.admin.actions import login, organisation_id, user_count, user_named
from tests.login import attempt_login

NEW = {
    "username": "tanaka.h",
    "display_name": "田中 春子",
    "role": "learner",
    "audience": "counselor",
}


def _new(app, client, **changes):
    data = {**NEW, "organisation": organisation_id(app, "新宿区"), **changes}
    return client.post("/admin/users/new", data=data)


def _edit_data(user: User, **changes) -> dict:
    data = {
        "display_name": user.display_name,
        "role": user.role,
        "audience": user.audience or "",
        "organisation": user.organisation_id,
        "active": "y" if user.active else "",
        **changes,
    }
    if not data["active"]:
        del data["active"]  # an unticked checkbox is not sent at all
    return data


def _usernames(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/admin/users/\d+/edit">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["boss", "coord", "hanako", "nerima1"]),
        ("q=花子", ["hanako"]),
        ("q=NERIMA", ["nerima1"]),
        ("role=coordinator", ["coord"]),
        ("audience=center", ["nerima1"]),
        ("audience=none", ["boss", "coord"]),
        ("organisation={新宿区}", ["coord", "hanako"]),
        ("active=no", []),
        ("role=learner&organisation={練馬区}", ["nerima1"]),
    ],
)
def test_accounts_can_be_searched_and_filtered(app, client, people, query, expected):
    login(client, "boss")
    ids = {name: organisation_id(app, name) for name in ("新宿区", "練馬区")}
    html = client.get(f"/admin/users?{query.format(**ids)}").get_data(as_text=True)
    assert sorted(_usernames(html)) == expected
    assert f"{len(expected)} accounts match." in html


def test_the_list_comes_in_pages_of_fifty(client, people):
    for number in range(55):
        people(f"many{number:02d}", organisation="八王子市")
    login(client, "boss")
    first = client.get("/admin/users").get_data(as_text=True)
    assert len(_usernames(first)) == 50 and "Page 1 of 2" in first
    second = client.get("/admin/users?page=2").get_data(as_text=True)
    assert len(_usernames(second)) == 9 and "Page 2 of 2" in second
    assert set(_usernames(first)).isdisjoint(_usernames(second))
    hachioji = organisation_id(client.application, "八王子市")
    filtered = client.get(f"/admin/users?organisation={hachioji}&page=2").get_data(as_text=True)
    assert len(_usernames(filtered)) == 5
    assert f'href="/admin/users?page=1&amp;organisation={hachioji}"' in filtered


def test_an_admin_creates_an_account_and_gets_a_password_link(app, client, people):
    login(client, "boss")
    response = _new(app, client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Copy this link now: it is shown only once." in html
    link = re.search(r'value="(https://yorisoi\.test/account/password/[^"]+)"', html).group(1)
    user = user_named(app, "tanaka.h")
    assert (user.display_name, user.role, user.audience, user.organisation.name) == (
        "田中 春子",
        "learner",
        "counselor",
        "新宿区",
    )
    assert user.active and user.password_hash is None
    client.post("/logout")
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "HANAKO"}, "This username is already taken."),
        ({"username": "田中"}, "A username may hold only the letters"),
        ({"username": "x" * 65}, "Username: please use at most 64 characters."),
        ({"audience": ""}, "A learner needs an audience"),
        ({"display_name": ""}, "Display name: please fill this in."),
        ({"role": "superuser"}, "Role: please choose one from the list."),
    ],
)
def test_a_wrong_account_is_explained_and_not_created(app, client, people, changes, message):
    login(client, "boss")
    before = user_count(app)
    response = _new(app, client, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and "error-summary" in html and 'aria-invalid="true"' in html
    assert user_count(app) == before


def test_an_account_cannot_be_put_in_a_deactivated_organisation(app, client, people):
    login(client, "boss")
    nerima = organisation_id(app, "練馬区")
    client.post(f"/admin/organisations/{nerima}/deactivate")
    response = _new(app, client, organisation=nerima)
    assert response.status_code == 422
    assert user_named(app, "tanaka.h") is None


def test_an_admin_edits_an_account(app, client, people):
    login(client, "boss")
    hanako = user_named(app, "hanako")
    response = client.post(
        f"/admin/users/{hanako.id}/edit",
        data=_edit_data(
            hanako,
            display_name="民生 花子（会長）",
            role="coordinator",
            organisation=organisation_id(app, "練馬区"),
        ),
        follow_redirects=True,
    )
    assert "The account has been saved." in response.get_data(as_text=True)
    hanako = user_named(app, "hanako")
    assert hanako.display_name == "民生 花子（会長）"
    assert hanako.role == "coordinator" and hanako.organisation.name == "練馬区"
    assert hanako.audience == "commissioner"  # untouched


def test_deactivating_ends_the_persons_sessions_at_once(app, client, people):
    hanako_browser = app.test_client()
    login(hanako_browser, "hanako")
    assert hanako_browser.get("/modules").status_code == 200

    login(client, "boss")
    hanako = user_named(app, "hanako")
    response = client.post(
        f"/admin/users/{hanako.id}/edit",
        data=_edit_data(hanako, active=""),
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "hanako has been deactivated and logged out everywhere." in html
    assert "This account is deactivated: the person cannot log in." in html

    response = hanako_browser.get("/modules")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert attempt_login(app.test_client(), "hanako").status_code == 401

    client.post(f"/admin/users/{hanako.id}/edit", data=_edit_data(hanako, active="y"))
    assert user_named(app, "hanako").active
    assert login(app.test_client(), "hanako").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"role": "coordinator"}, "You cannot remove your own administrator role."),
        ({"active": ""}, "You cannot deactivate your own account."),
    ],
)
def test_an_admin_cannot_demote_or_deactivate_themself(app, client, people, changes, message):
    login(client, "boss")
    boss = user_named(app, "boss")
    response = client.post(f"/admin/users/{boss.id}/edit", data=_edit_data(boss, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "error-summary" in html
    boss = user_named(app, "boss")
    assert boss.role == "admin" and boss.active
    assert client.get("/admin").status_code == 200


def test_an_admin_makes_a_new_password_link_and_the_old_one_stops_working(app, client, people):
    login(client, "boss")
    hanako = user_named(app, "hanako")
    links = []
    for _ in range(2):
        html = client.post(f"/admin/users/{hanako.id}/password-link").get_data(as_text=True)
        assert "A new password link" in html
        links.append(re.search(r'value="https://yorisoi\.test(/account/password/[^"]+)"', html)[1])
    client.post("/logout")
    assert client.get(links[0]).status_code == 410
    assert client.get(links[1]).status_code == 200


@pytest.mark.parametrize("username", ["coord", "hanako"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin"),
        ("get", "/admin/users"),
        ("get", "/admin/users/new"),
        ("post", "/admin/users/new"),
        ("get", "/admin/users/{hanako}/edit"),
        ("post", "/admin/users/{hanako}/edit"),
        ("post", "/admin/users/{hanako}/password-link"),
        ("get", "/admin/organisations"),
        ("post", "/admin/organisations/new"),
        ("post", "/admin/organisations/{新宿区}/deactivate"),
        ("get", "/admin/users/import"),
        ("post", "/admin/users/import/1/confirm"),
        ("post", "/admin/users/import/1/links.csv"),
        ("get", "/admin/audit"),
    ],
)
def test_only_admins_may_administer(app, client, people, username, method, path):
    login(client, username)
    ids = {"hanako": user_named(app, "hanako").id, "新宿区": organisation_id(app, "新宿区")}
    assert getattr(client, method)(path.format(**ids)).status_code == 403


def test_the_administration_link_is_shown_to_admins_only(client, people):
    login(client, "boss")
    assert 'href="/admin"' in client.get("/account").get_data(as_text=True)
    login(client, "coord")
    assert 'href="/admin"' not in client.get("/account").get_data(as_text=True)


def test_admin_forms_need_the_csrf_token(make_app, app, people):
    strict = make_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
    login_data = {"username": "boss", "password": "a-long-test-password", "csrf_token": csrf}
    assert client.post("/login", data=login_data).status_code == 302
    before = user_count(app)
    response = client.post("/admin/users/new", data={**NEW, "organisation": 4})
    assert response.status_code == 400
    assert user_count(app) == before
