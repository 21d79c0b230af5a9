"""Configuration chosen by the environment.

YORISOI_ENV=local (the default, what `make run` uses), production, or test.
Local keeps SQLite and a generated secret key in instance/; production refuses
to start without SECRET_KEY, DATABASE_URL and BASE_URL, and never creates demo accounts.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

# Japanese TrueType fonts a certificate embeds, the first found: where Debian puts
# fonts-morisawa-bizud-gothic and fonts-ipaexfont-gothic (CI installs the first).
CERTIFICATE_FONT_FILES = (
    "/usr/share/fonts/truetype/bizud-gothic/BIZUDPGothic-Regular.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
)


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
        # Failed logins only: a correct password never counts (a room of 40 volunteers behind
        # one router logs in together). Per account, the guesses at one person's password:
        "LOGIN_RATE_LIMIT": "5 per minute",
        # Named on every certificate as the one who issues it.
        "CERTIFICATE_ISSUER": "ひきこもり支援研修「よりそい」運営事務局",
        # With none of them installed, certificates use reportlab's built-in CID font.
        "CERTIFICATE_FONT_FILES": list(CERTIFICATE_FONT_FILES),
        # Per address, across accounts: one password tried on many accounts. A training room
        # of 40, each mistyping once or twice, stays under it; a script trying one password
        # on every account gets 30 a minute and 200 an hour at most.
        "LOGIN_ADDRESS_RATE_LIMIT": "30 per minute; 200 per hour",
        # Per API token: 250 pages of 200 learners (50,000) in a minute, not a runaway loop.
        "API_RATE_LIMIT": "300 per minute",
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


def _base_url(url: str) -> str:
    """The site's public address, as people reach it: scheme, host, port, and a path if it
    is served under one. Every absolute link (password links, certificates, xAPI ids) is
    built from it, never from a request's Host header."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"BASE_URL={url!r}: use the public address, e.g. https://yorisoi.example.jp"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _trusted_hosts(base_url: str, extra: str) -> list[str]:
    """The host names a request may name: BASE_URL's, and any others given (for example the
    address a load balancer's health check uses)."""
    hosts = [urlsplit(base_url).hostname or ""]
    hosts += [host.strip() for host in extra.split(",") if host.strip()]
    return hosts


def load_config(instance_path: str, environ: os._Environ | dict | None = None) -> dict:
    env = os.environ if environ is None else environ
    name = env.get("YORISOI_ENV", "local")
    config = _common()
    if name == "production":
        missing = [key for key in ("SECRET_KEY", "DATABASE_URL", "BASE_URL") if not env.get(key)]
        if missing:
            named = (
                ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
            )
            raise ConfigError(f"YORISOI_ENV=production needs {named} to be set.")
        base_url = _base_url(env["BASE_URL"])
        config.update(
            SECRET_KEY=env["SECRET_KEY"],
            SQLALCHEMY_DATABASE_URI=_database_url(env["DATABASE_URL"]),
            SESSION_COOKIE_SECURE=True,
            PREFERRED_URL_SCHEME="https",
            BASE_URL=base_url,
            # A request naming another host is refused (400) before any view runs.
            TRUSTED_HOSTS=_trusted_hosts(base_url, env.get("TRUSTED_HOSTS", "")),
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
            # `make run` serves here; PORT=8000 make run moves it.
            BASE_URL=_base_url(
                env.get("BASE_URL") or f"http://127.0.0.1:{env.get('PORT', '5000')}"
            ),
        )
    else:
        raise ConfigError(f"YORISOI_ENV={name!r}: use local, production or test.")
    config["YORISOI_ENV"] = name
    if env.get("CERTIFICATE_ISSUER"):
        config["CERTIFICATE_ISSUER"] = env["CERTIFICATE_ISSUER"]
    if env.get("CERTIFICATE_FONT"):  # a .ttf file of your own, tried before the usual ones
        config["CERTIFICATE_FONT_FILES"] = [env["CERTIFICATE_FONT"], *CERTIFICATE_FONT_FILES]
    for key in ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT", "API_RATE_LIMIT"):
        if env.get(key):  # e.g. "10 per minute"; the load benchmark raises them
            config[key] = env[key]
    # How many proxies (load balancers) stand in front of the app and add X-Forwarded-For.
    config["PROXY_COUNT"] = int(env.get("PROXY_COUNT", "0"))
    if env.get("REDIS_URL"):
        config["REDIS_URL"] = env["REDIS_URL"]
        config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
        # A Redis that does not answer costs a login one second at most, once: then the
        # in-memory fallback takes over until Redis is back.
        config["RATELIMIT_STORAGE_OPTIONS"] = REDIS_TIMEOUTS
    return config
