import pytest

from tests.factories import UserFactory


@pytest.fixture
def learner(users):
    return users("hanako", audience="commissioner")


def test_login_takes_a_learner_to_their_curriculum(client, auth, learner):
    response = auth.login("hanako")
    assert response.status_code == 302
    assert response.headers["Location"] == "/modules"


@pytest.mark.parametrize(("username", "password"), [("hanako", "wrong"), ("nobody", "wrong")])
def test_unknown_user_and_wrong_password_get_the_same_answer(
    client, auth, learner, username, password
):
    response = auth.attempt(username, password)
    assert response.status_code == 401
    assert "ユーザー名かパスワードが正しくありません。" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/modules/sample", "/modules/sample"),
        ("https://evil.example/", "/modules"),
        ("//evil.example/", "/modules"),
        ("/\\evil.example", "/modules"),
        ("javascript:alert(1)", "/modules"),
    ],
)
def test_next_only_ever_leads_to_this_site(client, learner, target, expected):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "hanako", "password": UserFactory.PASSWORD},
    )
    assert response.headers["Location"] == expected


def test_the_session_is_rotated_at_login(client, auth, learner):
    client.get("/login")
    client.set_cookie("session", "")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("hanako")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_cookie_saved_before_logout_is_worthless_afterwards(app, client, auth, learner):
    auth.login("hanako")
    saved = client.get_cookie("session").value
    assert client.get("/modules").status_code == 200
    auth.logout()

    thief = app.test_client()
    thief.set_cookie("session", saved)
    response = thief.get("/modules")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logout_is_a_post_form_not_a_link(client, auth, learner):
    auth.login("hanako")
    assert client.get("/logout").status_code == 405
    html = client.get("/modules").get_data(as_text=True)
    assert 'action="/logout"' in html and 'method="post"' in html


def test_a_post_without_csrf_token_is_refused(make_app, app, learner):
    strict = make_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    response = client.post("/login", data={"username": "hanako", "password": "whatever"})
    assert response.status_code == 400
    assert "このフォームは有効期限が切れました" in response.get_data(as_text=True)


def test_a_post_with_the_csrf_token_logs_in(make_app, app, learner):
    import re

    strict = make_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={"username": "hanako", "password": UserFactory.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_inactive_accounts_cannot_log_in(app, client, auth, learner):
    from app.extensions import db

    with app.app_context():
        user = db.session.merge(learner)
        user.active = False
        db.session.commit()
    assert auth.attempt("hanako").status_code == 401


def test_pages_need_a_login(client):
    response = client.get("/modules")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("typed", ["hanako ", " hanako", "Hanako", "HANAKO"])
def test_a_trailing_space_or_capital_letter_still_logs_in(client, learner, typed):
    response = client.post("/login", data={"username": typed, "password": UserFactory.PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "audience", "home"),
    [
        ("learner", "center", "/modules"),
        ("trainer", None, "/author/"),
        ("coordinator", None, "/reports"),
        ("admin", None, "/reports"),
    ],
)
def test_each_role_starts_at_its_own_work(client, users, role, audience, home):
    users("someone", role=role, audience=audience)
    response = client.post("/login", data={"username": "someone", "password": users.PASSWORD})
    assert response.headers["Location"] == home
