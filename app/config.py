"""Configuration chosen by the environment.

YORISOI_ENV=local (the default, what `make run` uses), production, or test.
Local keeps SQLite and a generated secret key in instance/; production refuses
to start without SECRET_KEY and DATABASE_URL, and never creates demo accounts.
"""

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    pass


REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}


def _common() -> dict:
    return {
        "BABEL_DEFAULT_LOCALE": "ja",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tokyo",
        "LANGUAGES": ["ja", "en"],
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # the session bounds the token; volunteers read slowly
        "CONTENT_DIR": str(Path(__file__).resolve().parent.parent),
        "DEMO_MODE": False,
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        # Signed out after this long without a request (ASVS V7.3).
        "IDLE_TIMEOUT_MINUTES": 60,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Redis down: each worker goes on limiting logins in its own memory (and logs a
        # warning, "Rate limit storage unreachable - falling back to in-memory storage"),
        # rather than refusing every login of a training room; it returns to Redis by itself.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "yorisoi",
        "LOGIN_RATE_LIMIT": "5 per minute",
    }


def _instance_secret(instance_path: str) -> str:
    """A secret key generated once and kept in instance/, so local sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(url: str) -> str:
    # Heroku-style URLs and bare postgresql:// must use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: str, environ: os._Environ | dict | None = None) -> dict:
    env = os.environ if environ is None else environ
    name = env.get("YORISOI_ENV", "local")
    config = _common()
    if name == "production":
        missing = [key for key in ("SECRET_KEY", "DATABASE_URL") if not env.get(key)]
        if missing:
            raise ConfigError(
                "YORISOI_ENV=production needs " + " and ".join(missing) + " to be set."
            )
        config.update(
            SECRET_KEY=env["SECRET_KEY"],
            SQLALCHEMY_DATABASE_URI=_database_url(env["DATABASE_URL"]),
            SESSION_COOKIE_SECURE=True,
            PREFERRED_URL_SCHEME="https",
        )
    elif name in ("local", "test"):
        sqlite = Path(instance_path) / "yorisoi.sqlite3"
        secret = env.get("SECRET_KEY") or (
            "test-only-secret" if name == "test" else _instance_secret(instance_path)
        )
        config.update(
            SECRET_KEY=secret,
            SQLALCHEMY_DATABASE_URI=_database_url(env.get("DATABASE_URL", f"sqlite:///{sqlite}")),
            DEMO_MODE=name == "local",
            TESTING=name == "test",
        )
    else:
        raise ConfigError(f"YORISOI_ENV={name!r}: use local, production or test.")
    config["YORISOI_ENV"] = name
    if env.get("LOGIN_RATE_LIMIT"):  # e.g. "10 per minute"; the load benchmark raises it
        config["LOGIN_RATE_LIMIT"] = env["LOGIN_RATE_LIMIT"]
    # How many proxies (load balancers) stand in front of the app and add X-Forwarded-For.
    config["PROXY_COUNT"] = int(env.get("PROXY_COUNT", "0"))
    if env.get("REDIS_URL"):
        config["REDIS_URL"] = env["REDIS_URL"]
        config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
        # A Redis that does not answer costs a login one second at most, once: then the
        # in-memory fallback takes over until Redis is back.
        config["RATELIMIT_STORAGE_OPTIONS"] = REDIS_TIMEOUTS
    return config
