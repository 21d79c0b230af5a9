import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import PasswordLink, User
from app.models.timestamps import utcnow
from tests.admin.actions import login, user_named
from tests.login import attempt_login

NEW_PASSWORD = "みかん と りんご の 並木道"


def _link_for(app, client, username) -> str:
    """The path of a fresh password link, as an admin makes it."""
    login(client, "boss")
    user_id = user_named(app, username).id
    html = client.post(f"/admin/users/{user_id}/password-link").get_data(as_text=True)
    client.post("/logout")
    return re.search(r'value="https://yorisoi\.test(/account/password/[^"]+)"', html)[1]


def _set(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"new_password": password, "confirm": confirm or password})


def test_a_link_sets_the_password_once_and_ends_other_sessions(app, client, people):
    old_browser = app.test_client()
    login(old_browser, "hanako")
    path = _link_for(app, client, "hanako")

    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'value="hanako"' in html
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert client.get(path).status_code == 200  # opening it does not use it up

    response = _set(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "hanako" in client.get("/login").get_data(as_text=True)

    assert login(app.test_client(), "hanako", NEW_PASSWORD).status_code == 302
    assert attempt_login(app.test_client(), "hanako").status_code == 401  # the old password
    assert old_browser.get("/modules").status_code == 302  # that session has ended

    again = client.get(path)
    assert again.status_code == 410
    assert "このリンクはすでに使われています" in again.get_data(as_text=True)
    assert _set(client, path, "another long pass phrase").status_code == 410
    assert login(app.test_client(), "hanako", NEW_PASSWORD).status_code == 302


def test_a_new_account_sets_its_first_password(app, client, people):
    login(client, "boss")
    html = client.post(
        "/admin/users/new",
        data={
            "username": "sato",
            "display_name": "佐藤 一",
            "role": "learner",
            "audience": "commissioner",
            "organisation": 4,
        },
    ).get_data(as_text=True)
    path = re.search(r'value="https://yorisoi\.test(/account/password/[^"]+)"', html)[1]
    client.post("/logout")
    client.post("/language", data={"lang": "en", "next": "/"})
    assert "Choose your password" in client.get(path).get_data(as_text=True)
    _set(client, path)
    assert login(client, "sato", NEW_PASSWORD).headers["Location"] == "/modules"


def test_the_password_rules_apply(app, client, people):
    path = _link_for(app, client, "hanako")
    client.post("/language", data={"lang": "en", "next": "/"})
    for password, confirm, message in [
        ("short", None, "Use at least 12 characters."),
        ("password1234", None, "one of the most common ones"),
        ("hanako-is-my-name", None, "Do not use your username"),
        (
            NEW_PASSWORD,
            "something else entirely",
            "New password again: this is not the same as New password.",
        ),
    ]:
        response = _set(client, path, password, confirm)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert message in html and "error-summary" in html and 'aria-invalid="true"' in html
    assert client.get(path).status_code == 200  # still unused


def test_an_unknown_link_gets_a_clear_page(client, people):
    client.post("/language", data={"lang": "en", "next": "/"})
    for path in ("/account/password/nonsense", "/account/password/" + "x" * 500):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "This link does not work" in html and "Traceback" not in html
    assert client.post("/account/password/nonsense", data={}).status_code == 404


def test_an_expired_link_gets_a_clear_page(app, client, people):
    path = _link_for(app, client, "hanako")
    with app.app_context():
        db.session.execute(sa.update(PasswordLink).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    client.post("/language", data={"lang": "en", "next": "/"})
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert _set(client, path).status_code == 410


def test_a_deactivated_persons_link_does_not_work(app, client, people):
    path = _link_for(app, client, "hanako")
    with app.app_context():
        db.session.execute(sa.update(User).where(User.username == "hanako").values(active=False))
        db.session.commit()
    assert client.get(path).status_code == 410
    assert _set(client, path).status_code == 410


def test_links_are_stored_hashed(app, client, people):
    path = _link_for(app, client, "hanako")
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        link = db.session.scalar(sa.select(PasswordLink))
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (link.token_hash, str(link.id))
        assert link.expires_at - link.created_at == timedelta(hours=72)
        assert link.created_by.username == "boss" and link.purpose == "reset"
