"""Failed logins are limited, per account and per address; successful ones never count, so
a training room of volunteers behind one router logs in together.

Per account: 5 failures a minute, then 429 (a botnet guessing one person's password from
many addresses is stopped). Per address: 30 failures a minute and 200 an hour, across
accounts (one password sprayed over many accounts is stopped too); a room of 40, each
mistyping once or twice, stays under it.
"""

import os
import uuid

import pytest

from app.extensions import limiter
from tests.factories import UserFactory
from tests.login import DEMO_PASSWORD

ROOM = "203.0.113.10"  # one router, a room of volunteers behind it


def _fresh(make_app, **settings):
    """An app whose limits start from zero. The limiter is one object shared by every app
    in the test run (as in production, where there is one app), so its counters are reset."""
    app = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}", **settings
    )
    limiter.reset()
    return app


@pytest.fixture
def limited(make_app, app, users):
    users("hanako")
    return _fresh(make_app, RATELIMIT_STORAGE_URI="memory://")


def _try(client, username="hanako", address="10.0.0.1", password="wrong password!"):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _per_minute(app, key: str) -> int:
    return int(app.config[key].split(";")[0].split()[0])


def test_the_sixth_wrong_password_for_one_account_in_a_minute_gets_429(limited):
    client = limited.test_client()
    statuses = [_try(client).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_the_sixth_try_at_one_account_from_many_addresses_gets_429(limited):
    client = limited.test_client()
    statuses = [_try(client, address=f"10.0.1.{n}").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    # Another account from a fresh address is not blocked.
    assert _try(client, username="someone-else", address="10.0.2.1").status_code == 401


def test_the_right_password_waits_too_once_an_account_is_limited(limited):
    client = limited.test_client()
    for _ in range(5):
        _try(client)
    assert _try(client, password=UserFactory.PASSWORD).status_code == 429


def test_an_address_sending_many_failures_is_limited_across_accounts(limited):
    client = limited.test_client()
    allowed = _per_minute(limited, "LOGIN_ADDRESS_RATE_LIMIT")
    assert allowed == 30
    # One wrong password tried on many accounts: each account sees only one failure.
    statuses = [_try(client, username=f"user{n}", address=ROOM).status_code for n in range(31)]
    assert statuses == [401] * allowed + [429]
    assert _try(client, username="user99", address="10.9.9.9").status_code == 401


def test_a_room_of_40_logs_in_together_from_one_address(limited, users):
    for n in range(40):
        users(f"volunteer{n}")
    statuses = []
    for n in range(40):
        client = limited.test_client()  # 40 phones and PCs, one router
        statuses.append(_try(client, f"volunteer{n}", ROOM, UserFactory.PASSWORD).status_code)
    assert statuses == [302] * 40
    # A few typos in the room on top of that do not lock anyone out.
    assert _try(limited.test_client(), "volunteer0", ROOM).status_code == 401
    assert _try(limited.test_client(), "volunteer1", ROOM, UserFactory.PASSWORD).status_code == 302


def test_the_six_demo_accounts_log_in_one_after_another_from_one_address(make_app, demo):
    limited = _fresh(make_app, RATELIMIT_STORAGE_URI="memory://")
    statuses = [
        _try(limited.test_client(), username, ROOM, DEMO_PASSWORD).status_code
        for username in ("commissioner", "center", "counselor", "trainer", "coordinator", "admin")
    ]
    assert statuses == [302] * 6


def test_the_429_page_says_what_to_do(limited):
    client = limited.test_client()
    for _ in range(5):
        _try(client)
    response = _try(client)
    assert response.status_code == 429
    assert "1分ほど待ってから" in response.get_data(as_text=True)


def test_reading_pages_is_not_limited(limited):
    client = limited.test_client()
    assert all(client.get("/login").status_code == 200 for _ in range(10))


REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(
    not REDIS_URL,
    reason="REDIS_URL is not set: the Redis rate-limit test needs a "
    "Redis server (CI sets redis://127.0.0.1:6379/0)",
)
def test_limits_in_redis_hold_across_workers(make_app, app, users):
    users("hanako")
    for n in range(12):
        users(f"volunteer{n}")
    # Two apps stand for two gunicorn workers: they share nothing but Redis.
    first = _fresh(make_app, RATELIMIT_STORAGE_URI=REDIS_URL)
    second = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=first.config["RATELIMIT_KEY_PREFIX"],
    )
    assert type(limiter._storage).__name__ == "RedisStorage"
    # A room logging in through both workers: successes never count.
    for n in range(12):
        worker = first if n % 2 else second
        response = _try(worker.test_client(), f"volunteer{n}", ROOM, UserFactory.PASSWORD)
        assert response.status_code == 302
    # Failures do, whichever worker sees them.
    statuses = [_try(first.test_client(), address=ROOM).status_code for _ in range(3)]
    statuses += [_try(second.test_client(), address=ROOM).status_code for _ in range(3)]
    assert statuses == [401] * 5 + [429]
