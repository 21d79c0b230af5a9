"""What one request costs the app itself, without gunicorn, wrk or concurrency.

    python bench/request_cost.py                          # SQLite
    python bench/request_cost.py --database postgresql://…

`make bench-load` measures throughput under load; this says what a single request costs, to
show where a goal's limit lies. On a fresh schema with the curriculum and 200 learners:

- the logged-in module page and the floor-like `/healthz`, the production app (as gunicorn
  builds it) called as a bare WSGI application, best of 15 batches of 100;
- a quiz submit that completes the module (the attempt, the completion, the certificate),
  through the test client one after another, in wall time and in this process's CPU time
  (on PostgreSQL the server's own CPU comes on top).

Its last line: `module_page_ms=… submit_cpu_ms=… max_submits_per_s_on_N_cores=…`, the last
being the cores divided by the submit's CPU: an upper bound, before the web server, the
database server and any client take their share.
"""

import argparse
import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (the load benchmark's database and learners)

LEARNERS = 200


def _wsgi_call(app, path: str, cookie: str, agent: str):
    """One GET through the WSGI interface, as a server would make it; returns the status."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_COOKIE": f"session={cookie}",
        "HTTP_USER_AGENT": agent,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    status = []
    b"".join(app(environ, lambda s, _headers, _exc=None: status.append(s)))
    return status[0]


def page_cost(database: str, path: str) -> float:
    """Milliseconds of the production app for one logged-in GET of `path`, best batch."""
    bench_app = load.make_app(database)
    bench_app.config["WTF_CSRF_ENABLED"] = False
    client = bench_app.test_client()
    client.post("/login", data={"username": "probe", "password": load.PASSWORD})
    client.get("/modules")  # the page a login leads to completes the session cookie
    cookie = client.get_cookie("session")
    assert cookie is not None
    agent = client.environ_base.get("HTTP_USER_AGENT", "")
    saved = dict(os.environ)
    os.environ.update(
        YORISOI_ENV="production",
        DATABASE_URL=database,
        SECRET_KEY="load-bench",
        BASE_URL="http://127.0.0.1",
        REDIS_URL="",
    )
    from app import create_app

    app = create_app()
    os.environ.clear()
    os.environ.update(saved)  # the test-client apps below are not production ones
    for _ in range(50):
        assert _wsgi_call(app, path, cookie.value, agent).startswith("200"), path
    best = float("inf")
    for _ in range(15):
        started = time.perf_counter()
        for _ in range(100):
            _wsgi_call(app, path, cookie.value, agent)
        best = min(best, (time.perf_counter() - started) / 100)
    return best * 1000


def submit_cost(database: str, answers) -> tuple[float, float]:
    """(wall ms, CPU ms of this process) of one submit, over LEARNERS submits in turn."""
    from werkzeug.datastructures import MultiDict

    app = load.make_app(database)
    app.config["WTF_CSRF_ENABLED"] = False
    opened = []
    for n in range(LEARNERS):
        client = app.test_client()
        client.post("/login", data={"username": f"load{n:04d}", "password": load.PASSWORD})
        page = client.get(f"/modules/{load.MODULE}/quiz").get_data(as_text=True)
        attempt = re.search(r'name="attempt" value="(\d+)"', page)
        assert attempt, page[:200]
        opened.append((client, attempt.group(1)))
    cpu, wall = time.process_time(), time.perf_counter()
    for client, attempt in opened:
        form = MultiDict([("attempt", attempt), *answers])
        assert client.post(f"/modules/{load.MODULE}/quiz", data=form).status_code == 302
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall / LEARNERS * 1000, cpu / LEARNERS * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="postgresql://… (default: a new SQLite file)")
    args = parser.parse_args()
    database = args.database or "sqlite:///" + tempfile.mktemp(suffix=".db")
    engine = database.split(":", 1)[0]
    answers = load.prepare(database, LEARNERS, slow_logins=0)["answers"]
    module = page_cost(database, f"/modules/{load.MODULE}")
    health = page_cost(database, "/healthz")
    wall, cpu = submit_cost(database, answers)
    cores = os.cpu_count() or 1
    print(f"# request cost on {engine}, {cores} cores, in-process, one request at a time")
    print(f"module page (logged in, production app, bare WSGI)  {module:6.2f} ms")
    print(f"/healthz (one query, no login)                     {health:6.2f} ms")
    print(
        f"quiz submit that completes the module               {wall:6.2f} ms wall, {cpu:.2f} ms CPU"
    )
    print(
        f"module_page_ms={module:.2f} submit_cpu_ms={cpu:.2f} "
        f"max_submits_per_s_on_{cores}_cores={cores / cpu * 1000:.0f}"
    )


if __name__ == "__main__":
    main()
