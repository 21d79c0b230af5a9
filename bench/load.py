"""Load benchmark: the production path beside a bare-Flask floor, on SQLite and PostgreSQL.

    make bench-load                                   # SQLite, and PostgreSQL when
                                                      # TEST_DATABASE_URL is set
    python bench/load.py --database postgresql://…    # the same, on that PostgreSQL

For each database it builds a fresh schema with the curriculum and N learners (default
1,000), starts gunicorn from deploy/gunicorn.conf.py (2 workers) and measures, in one run:

- the floor: a bare Flask "hello" (bench/floor_app.py) on the same gunicorn settings;
- the logged-in module page, the curriculum page, the quiz page and the coordinator's
  /reports, each with wrk (-t2 -c16 -d10s), and its SQL queries a request (in-process);
- logins, on their own line: the first 100 learners have the production password hash
  (scrypt, deliberately slow); the others a cheap one, so that logging them in before the
  measured phase takes seconds, not minutes;
- the quiz submit in steady state: every learner is logged in and has the quiz open before
  it starts; then 50 at a time submit (a learner per request) until all N have. Each answer
  is right and every section read, so each submit also records the completion and issues
  the certificate, as on a training day.

Each figure's requests per second is also shown as a ratio to the floor's (for the pages, to
the floor measured just before them: the machine may be shared). The last line is,
measured on PostgreSQL (on SQLite when no PostgreSQL was given):

    module_page_ratio=R quiz_submit_p95_ms=P errors=E attempts_recorded=A/B

R: module page req/s ÷ floor req/s; P: 95th percentile of the submit phase; E: requests of
the whole run on that database that failed or answered 5xx (4xx for wrk); A/B: submitted
attempts in the database / learners. It exits 1 unless E = 0 and A = B. The numbers are
only comparable within one run: the ratios are the point.
"""

import argparse
import datetime
import http.client
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-passphrase"
MODULE = "what-is-hikikomori"
SLOW_LOGINS = 100  # learners whose password has the production hash
WRK_SCRIPT = ROOT / "bench" / "wrk_summary.lua"


# -- the database -------------------------------------------------------------------------


def _engine_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def make_app(database: str):
    os.environ.setdefault("YORISOI_ENV", "test")
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database,
            "SECRET_KEY": "load-bench",
            # Production builds every absolute link from it, and answers only the host it names
            # (the port is not compared).
            "BASE_URL": "http://127.0.0.1",
            "RATELIMIT_ENABLED": False,
            "TESTING": False,
        }
    )


def prepare(
    database: str, learners: int, slow_logins: int = SLOW_LOGINS
) -> dict[str, list[tuple[str, str]]]:
    """A fresh schema with the curriculum, N learners (every section of MODULE read), a
    coordinator and a probe learner for the query counts. Returns the right answers."""
    import sqlalchemy as sa
    from werkzeug.security import generate_password_hash

    from app.content import load_library
    from app.extensions import db
    from app.models import Module, SectionRead, User
    from app.seed.municipalities import organisation_named, seed_municipalities
    from app.services.authoring.library_import import import_library
    from app.vocabulary import Audience, Role

    app = make_app(database)
    with app.app_context():
        if database.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        db.create_all()
        seed_municipalities()
        library = load_library(ROOT)
        import_library(library)
        db.session.commit()
        organisation = organisation_named("新宿区")
        slow = generate_password_hash(PASSWORD)  # what set_password stores (scrypt)
        cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

        def row(username, role, audience, hashed):
            return dict(
                username=username,
                display_name=f"負荷 {username}",
                role=role,
                audience=audience,
                organisation_id=organisation.id,
                password_hash=hashed,
                session_token=username + "-" + os.urandom(12).hex(),
                active=True,
            )

        rows = [
            row(
                f"load{n:04d}",
                Role.LEARNER,
                Audience.COMMISSIONER,
                slow if n < slow_logins else cheap,
            )
            for n in range(learners)
        ]
        rows.append(row("probe", Role.LEARNER, Audience.COMMISSIONER, cheap))
        rows.append(row("coordinator", Role.COORDINATOR, None, cheap))
        db.session.execute(sa.insert(User), rows)
        module = db.session.scalar(sa.select(Module).where(Module.slug == MODULE))
        assert module is not None
        ids = db.session.scalars(sa.select(User.id).where(User.audience.is_not(None))).all()
        db.session.execute(
            sa.insert(SectionRead),
            [
                dict(
                    user_id=user_id,
                    module_id=module.id,
                    section_key=section.key,
                    module_version_id=module.version.id,
                )
                for user_id in ids
                for section in module.version.sections
            ],
        )
        db.session.commit()
        # A database in service has its planner statistics (autovacuum keeps them); one just
        # bulk-loaded has none, and plans as if every table were empty.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        quiz = next(q for q in library.quizzes if q.module_slug == MODULE)
        answers = [
            (f"q-{question.key}", str(index))
            for question in quiz.questions
            for index in sorted(question.correct_indexes)
        ]
        db.engine.dispose()
    return {"answers": answers}


def submitted_attempts(database: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(database)
    with engine.connect() as connection:
        count = connection.execute(
            sa.text(
                "SELECT count(*) FROM attempts JOIN users ON users.id = attempts.user_id "
                "WHERE attempts.state = 'submitted' AND users.username LIKE 'load%'"
            )
        ).scalar()
    engine.dispose()
    return int(count or 0)


def query_counts(database: str, answers: list[tuple[str, str]], learner: str) -> dict[str, int]:
    """SQL statements a request, in-process with the test client (the same code)."""
    from app.extensions import db
    from tests.query_counter import count_queries

    app = make_app(database)
    app.config["WTF_CSRF_ENABLED"] = False
    counts = {}
    client = app.test_client()

    def measure(name, call):
        call()  # warm: the worker's cache, the attempt opened
        with app.app_context(), count_queries(db.engine) as counter:
            response = call()
        assert response.status_code in (200, 302), (name, response.status_code)
        counts[name] = counter["n"]

    client.post("/login", data={"username": "probe", "password": PASSWORD})
    measure("module", lambda: client.get(f"/modules/{MODULE}"))
    measure("curriculum", lambda: client.get("/modules"))
    measure("quiz", lambda: client.get(f"/modules/{MODULE}/quiz"))
    page = client.get(f"/modules/{MODULE}/quiz").get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt
    with app.app_context(), count_queries(db.engine) as counter:
        from werkzeug.datastructures import MultiDict

        response = client.post(
            f"/modules/{MODULE}/quiz", data=MultiDict([("attempt", attempt.group(1)), *answers])
        )
    assert response.status_code == 302, response.status_code
    counts["submit"] = counter["n"]
    client.post("/logout")
    client.post("/login", data={"username": "coordinator", "password": PASSWORD})
    measure("reports", lambda: client.get("/reports"))
    login = app.test_client()
    with app.app_context(), count_queries(db.engine) as counter:
        response = login.post("/login", data={"username": learner, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    counts["login"] = counter["n"]
    with app.app_context():
        db.engine.dispose()
    return counts


# -- the client ---------------------------------------------------------------------------


class Browser:
    """One learner: a kept-alive connection, the session cookie, and what failed."""

    def __init__(self, port: int, retry_stale: bool = True):
        self.port = port
        self.retry_stale = retry_stale  # the drills see every failure as it is
        self.connection: http.client.HTTPConnection | None = None
        self.cookie = ""
        self.errors = 0

    def request(self, method: str, path: str, form=None) -> tuple[int, str, dict, float]:
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for reused in (self.connection is not None and self.retry_stale, False):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                status, answer = response.status, dict(response.getheaders())
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # gunicorn closes a kept-alive connection after a few idle seconds, before
                # reading anything more from it: send again, once, on a new one.
                self.close()
                status, text, answer = 0, "", {}
                if not reused:
                    break
                started = time.perf_counter()
            except (OSError, http.client.HTTPException):
                self.close()
                status, text, answer = 0, "", {}
                break
        elapsed = time.perf_counter() - started
        cookie = answer.get("Set-Cookie", "")
        if cookie.startswith("session="):
            self.cookie = cookie.split(";", 1)[0]
        if status == 0 or status >= 500:
            self.errors += 1
        return status, text, answer, elapsed

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    @staticmethod
    def token(html: str) -> str:
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def login(self, username: str) -> float:
        _, page, _, _ = self.request("GET", "/login")
        status, _, headers, elapsed = self.request(
            "POST",
            "/login",
            {"username": username, "password": PASSWORD, "csrf_token": self.token(page)},
        )
        location = headers.get("Location", "")
        if status != 302 or location.startswith("/login"):
            self.errors += 1
        else:
            # Then the page it sends them to, as a browser does: that answer completes the
            # session cookie (the CSRF token, the time seen), so that the cookie measured
            # with wrk is the one a browser would hold, not one re-issued on every request.
            path = urllib.parse.urlsplit(location).path or "/"
            if self.request("GET", path)[0] != 200:
                self.errors += 1
        return elapsed  # the POST alone: what a login costs


def run_all(items, work, concurrency: int) -> float:
    """Call work(item) for every item, `concurrency` at a time; returns the wall time."""
    todo: queue.Queue = queue.Queue()
    for item in items:
        todo.put(item)

    def worker():
        while True:
            try:
                item = todo.get_nowait()
            except queue.Empty:
                return
            work(item)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


@dataclass
class Line:
    what: str
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int = 0
    queries: str = "-"
    note: str = ""
    ratio: float | None = None  # to the floor measured just before, for the pages


@dataclass
class Result:
    engine: str
    lines: list[Line] = field(default_factory=list)
    errors: int = 0
    recorded: int = 0
    learners: int = 0

    def line(self, what: str) -> Line:
        return next(line for line in self.lines if line.what.startswith(what))


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


# -- servers and wrk ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn from deploy/gunicorn.conf.py, as `make serve-prod` starts it."""

    def __init__(self, target: str, workers: int, env: dict, log: Path):
        self.port = free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", target],
            cwd=ROOT,
            env=dict(
                os.environ,
                **env,
                GUNICORN_BIND=f"127.0.0.1:{self.port}",
                GUNICORN_WORKERS=str(workers),
                GUNICORN_ACCESSLOG=str(log.with_suffix(".access")),
                GUNICORN_LOGLEVEL="warning",
                # No recycling mid-measurement (it closes kept-alive connections under wrk).
                GUNICORN_MAX_REQUESTS="0",
            ),
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {log}") from None
                time.sleep(0.2)
        time.sleep(0.5)  # every worker booted

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


def wrk(port: int, path: str, cookie: str, args) -> Line:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",  # a slow answer is measured, not counted as an error
        "-s",
        str(WRK_SCRIPT),
        f"http://127.0.0.1:{port}{path}",
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(
        r"WRK requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) errors=(\d+)", output
    )
    assert found, output
    requests, duration, p50, p95, errors = (int(x) for x in found.groups())
    return Line(path, requests / (duration / 1e6), p50 / 1000, p95 / 1000, errors)


# -- one database -------------------------------------------------------------------------


def measure(engine: str, database: str, args, workdir: Path) -> Result:
    result = Result(engine, learners=args.learners)
    print(f"# {engine}: preparing {args.learners} learners…", flush=True)
    answers = prepare(database, args.learners)["answers"]
    env = {
        "YORISOI_ENV": "production",
        "DATABASE_URL": database,
        "SECRET_KEY": "load-bench",
        # Production answers only the host BASE_URL names (the port is not compared).
        "BASE_URL": "http://127.0.0.1",
        "LOGIN_RATE_LIMIT": "1000000 per minute",
        "REDIS_URL": "",
    }
    log = workdir / f"{engine}.log"

    # The floor runs beside the app and is measured again just before each page, so that
    # each ratio compares two figures taken a few seconds apart (the machine may be busy).
    floor_server = Gunicorn("bench.floor_app:app", args.workers, {}, log)
    floors: list[Line] = []
    server = Gunicorn("app:create_app()", args.workers, env, log)
    try:
        browsers = [Browser(server.port) for _ in range(args.learners)]
        names = [f"load{n:04d}" for n in range(args.learners)]
        slow = min(SLOW_LOGINS, args.learners)
        login_times: list[float] = []
        wall = run_all(
            range(slow),
            lambda n: login_times.append(browsers[n].login(names[n])),
            args.connections,
        )
        result.lines.append(
            Line(
                f"login (scrypt), {slow} learners, {args.connections} at a time",
                slow / wall,
                percentile(login_times, 50) * 1000,
                percentile(login_times, 95) * 1000,
            )
        )
        run_all(range(slow, args.learners), lambda n: browsers[n].login(names[n]), 16)

        forms: dict[int, list] = {}

        def open_quiz(n: int) -> None:
            status, page, _, _ = browsers[n].request("GET", f"/modules/{MODULE}/quiz")
            attempt = re.search(r'name="attempt" value="(\d+)"', page)
            if status != 200 or attempt is None:
                browsers[n].errors += 1
                return
            forms[n] = [
                ("csrf_token", Browser.token(page)),
                ("attempt", attempt.group(1)),
                *answers,
            ]

        run_all(range(args.learners), open_quiz, 16)
        for browser in browsers:
            browser.close()

        # Pages, with one learner's (and the coordinator's) cookie.
        learner = browsers[0]
        coordinator = Browser(server.port)
        coordinator.login("coordinator")
        pages = [
            ("module page", f"/modules/{MODULE}", learner, "module"),
            ("curriculum page", "/modules", learner, "curriculum"),
            ("quiz page", f"/modules/{MODULE}/quiz", learner, "quiz"),
            (
                f"/reports (coordinator, {args.learners} learners)",
                "/reports",
                coordinator,
                "reports",
            ),
        ]
        for name, path, who, _ in pages:
            status, _, _, _ = who.request("GET", path)
            if status != 200:
                raise SystemExit(f"{engine}: {path} answered {status} before the measurement")
            floors.append(wrk(floor_server.port, "/", "", args))
            line = wrk(server.port, path, who.cookie, args)
            line.what = name
            line.ratio = line.rps / floors[-1].rps
            result.lines.append(line)
            status, _, _, _ = who.request("GET", path)
            line.errors += status != 200

        # The quiz submit in steady state: everyone logged in with the quiz open.
        submit_times: list[float] = []
        failures = []

        def submit(n: int) -> None:
            if n not in forms:
                return
            status, _, headers, elapsed = browsers[n].request(
                "POST", f"/modules/{MODULE}/quiz", forms[n]
            )
            submit_times.append(elapsed)
            if status != 302 or "/quiz/attempts/" not in headers.get("Location", ""):
                failures.append(status)

        wall = run_all(range(args.learners), submit, args.concurrency)
        result.lines.append(
            Line(
                f"quiz submit, {args.learners} learners, {args.concurrency} at a time",
                len(submit_times) / wall,
                percentile(submit_times, 50) * 1000,
                percentile(submit_times, 95) * 1000,
                len(failures),
                note=f"all {len(submit_times)} in {wall:.1f} s",
            )
        )
        for browser in browsers:
            browser.close()
        client_errors = sum(b.errors for b in browsers) + coordinator.errors
    finally:
        server.stop()
        floor_server.stop()
    floor = Line(
        f'floor: bare Flask "hello" (median of {len(floors)})',
        statistics.median(f.rps for f in floors),
        statistics.median(f.p50_ms for f in floors),
        statistics.median(f.p95_ms for f in floors),
        sum(f.errors for f in floors),
        note="req/s " + ", ".join(f"{f.rps:.0f}" for f in floors),
    )
    result.lines.insert(0, floor)
    result.recorded = submitted_attempts(database)
    counts = query_counts(database, answers, f"load{args.learners - 1:04d}")
    for line in result.lines:
        for prefix, key in (
            ("module", "module"),
            ("curriculum", "curriculum"),
            ("quiz page", "quiz"),
            ("/reports", "reports"),
            ("quiz submit", "submit"),
            ("login", "login"),
        ):
            if line.what.startswith(prefix):
                line.queries = str(counts[key])
    result.errors = client_errors + sum(line.errors for line in result.lines)
    return result


def report(result: Result, floor: float) -> None:
    print(f"\n== {result.engine}")
    print(f"{'what':<48} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'÷floor':>7} {'queries':>7}")
    for line in result.lines:
        print(
            f"{line.what:<48} {line.rps:>8.0f} {line.p50_ms:>8.1f} {line.p95_ms:>8.1f} "
            f"{(line.ratio if line.ratio is not None else line.rps / floor):>7.3f} "
            f"{line.queries:>7}"
            + (f"  errors {line.errors}" if line.errors else "")
            + (f"  ({line.note})" if line.note else "")
        )


def last_line(result: Result) -> str:
    return (
        f"module_page_ratio={result.line('module page').ratio or 0:.3f} "
        f"quiz_submit_p95_ms={result.line('quiz submit').p95_ms:.0f} "
        f"errors={result.errors} attempts_recorded={result.recorded}/{result.learners}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument(
        "--database",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="PostgreSQL URL (default: TEST_DATABASE_URL); SQLite runs first in any case",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--concurrency", type=int, default=50, help="submits at a time")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk (make bench-load does, as root)")
        return 2

    started = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()[0]
    print(
        f"# bench-load {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
        f"{load:.1f}; gunicorn -c deploy/gunicorn.conf.py, {args.workers} workers × "
        f"{os.environ.get('GUNICORN_THREADS', '4')} threads; pages: wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        if not args.no_sqlite:
            database = f"sqlite:///{workdir / 'load.sqlite3'}"
            results.append(measure("sqlite", database, args, workdir))
        if args.database:
            results.append(measure("postgresql", _engine_url(args.database), args, workdir))
    for result in results:
        report(result, result.lines[0].rps)
        print(f"{result.engine}: {last_line(result)}")
    print(
        "\n# queries: SQL statements a request, counted in-process; login includes the user "
        "lookup only (the hash is CPU)."
    )
    if not args.database:
        print("# No PostgreSQL given (TEST_DATABASE_URL or --database): the last line is SQLite's.")
    final = results[-1]
    print(last_line(final))
    return (
        0
        if final.errors == 0
        and final.recorded == final.learners
        and all(r.errors == 0 and r.recorded == r.learners for r in results)
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
