"""Redis down: logins go on, limited in each worker's memory, with a warning in the log; the
limits return to Redis by themselves once it is back. (The choice, and why: README,
"Production".) Runs a private Redis server of its own on a free port, never the shared one."""

import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from app.config import REDIS_TIMEOUTS
from app.extensions import limiter
from tests.login import log_in

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None, reason="redis-server is not installed (Debian: apt-get install redis-server)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        assert REDIS is not None
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
    # The limiter is one object for every app in the run: leave it as the next test expects.
    limiter._storage_dead = False


def _wrong(client, address="10.0.0.9"):
    return client.post(
        "/login",
        data={"username": "hanako", "password": "wrong password!"},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_with_redis_down_logins_go_on_limited_in_memory_with_a_warning(
    make_app, app, users, redis, caplog
):
    users("hanako")
    limited = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{redis.port}/0",
        RATELIMIT_STORAGE_OPTIONS=REDIS_TIMEOUTS,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    limiter.reset()
    client = limited.test_client()
    assert [_wrong(client) for _ in range(2)] == [401, 401]  # counted in Redis

    redis.stop()
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        log_in(client, "hanako")  # a learner still gets in
        client.post("/logout")
        statuses = [_wrong(client) for _ in range(6)]
    assert "falling back to in-memory storage" in caplog.text
    # Still limited: five tries a minute, counted in this worker's memory from the outage on.
    assert statuses[:4] == [401] * 4 and statuses[-1] == 429

    redis.start()
    limiter._Limiter__last_check_backend = 0  # type: ignore[attr-defined]  # check now
    with caplog.at_level(logging.INFO, logger="flask-limiter"):
        assert _wrong(client, address="10.0.0.10") == 401
    assert "Rate limit storage recovered" in caplog.text
