"""Login is limited to 5 tries a minute per address and per account, then 429."""

import os
import uuid

import pytest

from app.extensions import limiter


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


def _try(client, username="hanako", address="10.0.0.1"):
    return client.post(
        "/login",
        data={"username": username, "password": "wrong password!"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_sixth_try_from_one_address_gets_429(limited):
    client = limited.test_client()
    statuses = [_try(client, username=f"user{n}").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]


def test_the_sixth_try_at_one_account_from_many_addresses_gets_429(limited):
    client = limited.test_client()
    statuses = [_try(client, address=f"10.0.1.{n}").status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    # Another account from a fresh address is not blocked.
    assert _try(client, username="someone-else", address="10.0.2.1").status_code == 401


def test_the_429_page_says_what_to_do(limited):
    client = limited.test_client()
    for n in range(5):
        _try(client, username=f"user{n}")
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
    # Two apps stand for two gunicorn workers: they share nothing but Redis.
    first = _fresh(make_app, RATELIMIT_STORAGE_URI=REDIS_URL)
    second = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=REDIS_URL)
    assert type(limiter._storage).__name__ == "RedisStorage"
    statuses = [_try(first.test_client()).status_code for _ in range(3)]
    statuses += [_try(second.test_client()).status_code for _ in range(3)]
    assert statuses == [401] * 5 + [429]
