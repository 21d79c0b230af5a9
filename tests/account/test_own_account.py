import uuid

from tests.admin.actions import audit_events, login, organisation_id, user_named
from tests.factories import UserFactory
from tests.login import attempt_login

NEW_PASSWORD = "ゆっくり 歩く 朝の 公園"


def _change_password(client, current=UserFactory.PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "confirm": confirm or new},
    )


def test_the_account_page_needs_a_login(client, people):
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_learner_sees_their_account_and_changes_their_name(app, client, people):
    login(client, "hanako")
    html = client.get("/account").get_data(as_text=True)
    assert "hanako" in html and "新宿区" in html and "Welfare commissioner" in html
    response = client.post("/account", data={"display_name": "民生 はなこ"}, follow_redirects=True)
    assert "Your name has been saved." in response.get_data(as_text=True)
    assert user_named(app, "hanako").display_name == "民生 はなこ"


def test_role_organisation_and_audience_cannot_be_changed_here(app, client, people):
    login(client, "hanako")
    client.post(
        "/account",
        data={
            "display_name": "民生 花子",
            "role": "admin",
            "organisation": organisation_id(app, "練馬区"),
            "organisation_id": organisation_id(app, "練馬区"),
            "audience": "counselor",
            "active": "",
            "username": "root",
        },
    )
    hanako = user_named(app, "hanako")
    assert (hanako.username, hanako.role, hanako.audience, hanako.organisation.name) == (
        "hanako",
        "learner",
        "commissioner",
        "新宿区",
    )
    assert hanako.active
    assert client.get("/admin").status_code == 403


def test_an_empty_name_is_explained(client, people):
    login(client, "hanako")
    response = client.post("/account", data={"display_name": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "Display name: please fill this in." in html
        and 'aria-describedby="display_name-hint' in html
    )


def test_changing_the_password_logs_out_other_browsers_but_not_this_one(app, client, people):
    other = app.test_client()
    login(other, "hanako")
    login(client, "hanako")
    assert other.get("/modules").status_code == 200
    old_cookie = client.get_cookie("session").value

    response = _change_password(client)
    assert response.status_code == 302
    page = client.get("/account")
    assert page.status_code == 200  # still logged in here
    assert "You were logged out on other devices." in page.get_data(as_text=True)
    assert other.get("/modules").status_code == 302  # logged out there

    thief = app.test_client()  # this browser's cookie from before the change is worthless too
    thief.set_cookie("session", old_cookie)
    assert thief.get("/modules").status_code == 302

    assert login(app.test_client(), "hanako", NEW_PASSWORD).status_code == 302
    assert attempt_login(app.test_client(), "hanako").status_code == 401
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username) == ("account.password_change", "hanako")


def test_the_current_password_and_the_rules_are_checked(app, client, people):
    login(client, "hanako")
    for data, message in [
        ({"current": "not my password"}, "The current password is not correct."),
        ({"new": "tiny"}, "Use at least 12 characters."),
        ({"new": "qwertyuiop123"}, "one of the most common ones"),
        (
            {"confirm": "not the same at all"},
            "New password again: this is not the same as New password.",
        ),
    ]:
        response = _change_password(client, **data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in html and "error-summary" in html and 'aria-invalid="true"' in html
    assert login(app.test_client(), "hanako").status_code == 302  # unchanged


def test_guessing_the_current_password_is_rate_limited(make_app, app, people):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    client = limited.test_client()
    login(client, "hanako")
    allowed = int(limited.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(allowed):
        assert _change_password(client, current="guess").status_code == 422
    assert _change_password(client).status_code == 429
    assert login(limited.test_client(), "hanako").status_code == 302  # unchanged
