"""One way to log in, in the test client and in the browser, and it checks that it worked:
a test whose login silently failed would be testing the login page."""

import re

from tests.factories import UserFactory

DEMO_PASSWORD = "yorisoi-demo"


def attempt_login(client, username: str, password: str = UserFactory.PASSWORD):
    """Log out whoever was logged in and send the login form (with its CSRF token when the
    app checks them); for tests about logins that must fail."""
    client.post("/logout")
    data = {"username": username, "password": password}
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', _page(client))
    if token:
        data["csrf_token"] = token[1]
    return client.post("/login", data=data)


def log_in(client, username: str, password: str = UserFactory.PASSWORD):
    """Log in as `username` through the form, and assert that it worked: the login page sent
    them on into the site."""
    response = attempt_login(client, username, password)
    where = response.headers.get("Location", "")
    assert response.status_code == 302 and not where.startswith("/login"), (
        f"could not log in as {username!r}: {response.status_code} {where}"
    )
    return response


def _page(client) -> str:
    return client.get("/login").get_data(as_text=True)


def log_in_browser(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """The same in a real browser: fill the form, and assert the logout button appears (in
    the menu row, or on a phone folded into the menu)."""
    page.goto(base + "/login")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"could not log in as {username!r}: still at {page.url}"
    logout = page.locator('.site-header form[action="/logout"] button')
    assert logout.count() >= 1 and logout.first.text_content() == "ログアウト", page.url
