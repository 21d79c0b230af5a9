"""Site-wide behaviour: health check, error pages, configuration, language."""

import pytest

from app import create_app
from app.config import ConfigError, load_config


def test_healthz_says_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_503_when_the_database_is_unreachable(make_app, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/none.sqlite3")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503


def test_a_missing_page_gets_the_apps_own_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.get_data(as_text=True)


def test_an_error_shows_the_500_page_without_a_stack_trace(make_app, app):
    failing = make_app(PROPAGATE_EXCEPTIONS=False)

    @failing.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = failing.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "システムで問題が起きました" in body
    assert "Traceback" not in body and "secret internals" not in body


@pytest.mark.parametrize(
    ("environ", "missing"),
    [
        ({"YORISOI_ENV": "production"}, "SECRET_KEY, DATABASE_URL and BASE_URL"),
        ({"YORISOI_ENV": "production", "SECRET_KEY": "x"}, "DATABASE_URL and BASE_URL"),
        (
            {
                "YORISOI_ENV": "production",
                "DATABASE_URL": "postgresql://db/x",
                "BASE_URL": "https://a",
            },
            "SECRET_KEY",
        ),
        ({"YORISOI_ENV": "production", "SECRET_KEY": "x", "DATABASE_URL": "y"}, "BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_its_settings(tmp_path, environ, missing):
    with pytest.raises(ConfigError, match=f"needs {missing} to be set"):
        load_config(str(tmp_path), environ)


def test_production_uses_postgresql_secure_cookies_and_no_demo(tmp_path):
    config = load_config(
        str(tmp_path),
        {
            "YORISOI_ENV": "production",
            "SECRET_KEY": "s",
            "DATABASE_URL": "postgresql://db/x",
            "BASE_URL": "https://yorisoi.example.jp/",
        },
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/x"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["DEMO_MODE"] is False


def test_the_local_default_keeps_sqlite_and_a_generated_secret_in_the_instance_folder(tmp_path):
    config = load_config(str(tmp_path), {})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'yorisoi.sqlite3'}"
    assert config["DEMO_MODE"] is True
    assert (tmp_path / "secret_key").read_text().strip() == config["SECRET_KEY"]
    assert load_config(str(tmp_path), {})["SECRET_KEY"] == config["SECRET_KEY"]


def test_the_page_is_japanese_first_and_english_on_request(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="ja">' in html and "ログイン" in html
    client.post("/language", data={"lang": "en", "next": "/login"})
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Log in" in html


def test_create_app_without_settings_fails_loudly_in_production(monkeypatch):
    monkeypatch.setenv("YORISOI_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError):
        create_app()
