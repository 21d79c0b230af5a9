"""Load benchmark: learners reading and double-clicking quiz submits against gunicorn.

    make bench-load        # SQLite in a temporary folder, 2 gunicorn workers × 4 threads
    python bench/load.py --learners 40 --database postgresql://…

It starts gunicorn as in production (plain HTTP on loopback, so without Secure cookies),
measures the module page alone, then lets every learner at once log in, open a module, read,
open the quiz and submit it twice at the same moment (a double click). It prints:

    module_page_ratio=R       median module page time under load ÷ the same page alone
    quiz_submit_p95_ms=P      95th percentile of submit response times
    errors=E                  requests that failed or answered 5xx
    attempts_recorded=A/B     submitted attempts in the database / learners (must be equal)
"""

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-passphrase"
MODULE = "what-is-hikikomori"


class Browser:
    """One learner's browser: cookies, CSRF tokens, and timings."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.errors = 0

    def request(self, path: str, data: dict | list | None = None) -> tuple[int, str, float]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                text = response.read().decode("utf-8", "replace")
                status = response.status
        except urllib.error.HTTPError as error:
            text, status = error.read().decode("utf-8", "replace"), error.code
        except OSError:
            text, status = "", 0
        elapsed = time.perf_counter() - started
        if status == 0 or status >= 500:
            self.errors += 1
        return status, text, elapsed

    @staticmethod
    def token(html: str) -> str:
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
            r'name="csrf_token" value="([^"]+)"', html
        )
        return match.group(1) if match else ""

    def login(self, username: str) -> None:
        _, page, _ = self.request("/login")
        self.request(
            "/login", {"username": username, "password": PASSWORD, "csrf_token": self.token(page)}
        )


def prepare(database: str, learners: int) -> None:
    os.environ.update(YORISOI_ENV="local", DATABASE_URL=database, SECRET_KEY="load-bench")
    from werkzeug.security import generate_password_hash

    from app import create_app
    from app.content import load_library
    from app.extensions import db
    from app.models import User
    from app.seed.municipalities import organisation_named, seed_municipalities
    from app.services.authoring.library_import import import_library

    app = create_app()
    with app.app_context():
        if database.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        db.create_all()
        seed_municipalities()
        import_library(load_library(ROOT))
        organisation = organisation_named("新宿区")
        hashed = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        for n in range(learners):
            db.session.add(
                User(
                    username=f"load{n:03d}",
                    display_name=f"負荷 {n}",
                    role="learner",
                    audience="commissioner",
                    organisation=organisation,
                    password_hash=hashed,
                )
            )
        db.session.commit()
        db.engine.dispose()


def submitted_attempts(database: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(database)
    with engine.connect() as connection:
        count = connection.exec_driver_sql(
            "SELECT count(*) FROM attempts WHERE state = 'submitted'"
        ).scalar()
    engine.dispose()
    return count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def learner_session(
    base: str,
    username: str,
    module_times: list,
    submit_times: list,
    errors: list,
    start: threading.Barrier,
) -> None:
    browser = Browser(base)
    start.wait()
    browser.login(username)
    _, html, elapsed = browser.request(f"/modules/{MODULE}")
    module_times.append(elapsed)
    token = browser.token(html)
    for key in re.findall(rf'action="/modules/{MODULE}/sections/([^/"]+)/read"', html):
        browser.request(f"/modules/{MODULE}/sections/{key}/read", {"csrf_token": token})
    _, quiz, _ = browser.request(f"/modules/{MODULE}/quiz")
    attempt = re.search(r'name="attempt" value="(\d+)"', quiz).group(1)
    answers = [("csrf_token", browser.token(quiz)), ("attempt", attempt)]
    for name in sorted(set(re.findall(r'name="(q-[^"]+)"', quiz))):
        answers.append((name, "0"))
    # A double click: the same form sent twice at the same moment.
    clicks = threading.Barrier(2)

    def click():
        clicks.wait()
        _, _, spent = browser.request(f"/modules/{MODULE}/quiz", answers)
        submit_times.append(spent)

    pair = [threading.Thread(target=click) for _ in range(2)]
    for thread in pair:
        thread.start()
    for thread in pair:
        thread.join()
    _, _, elapsed = browser.request(f"/modules/{MODULE}")
    module_times.append(elapsed)
    errors.append(browser.errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--database", help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        database = args.database or f"sqlite:///{folder}/load.sqlite3"
        database = database.replace("postgresql://", "postgresql+psycopg://", 1)
        prepare(database, args.learners)
        port = free_port()
        env = dict(
            os.environ,
            YORISOI_ENV="local",
            DATABASE_URL=database,
            SECRET_KEY="load-bench",
            LOGIN_RATE_LIMIT="100000 per minute",
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(args.workers),
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "app:create_app()",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            alone = Browser(base)
            alone.login("load000")
            alone.request(f"/modules/{MODULE}")  # warm up
            idle = statistics.median(alone.request(f"/modules/{MODULE}")[2] for _ in range(15))

            module_times, submit_times, errors = [], [], []
            start = threading.Barrier(args.learners)
            threads = [
                threading.Thread(
                    target=learner_session,
                    args=(base, f"load{n:03d}", module_times, submit_times, errors, start),
                )
                for n in range(args.learners)
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
        recorded = submitted_attempts(database)

    under_load = statistics.median(module_times)
    p95 = statistics.quantiles(submit_times, n=20)[-1] * 1000
    print(
        f"# {args.learners} learners, {args.workers} gunicorn workers × 4 threads, "
        f"{'postgresql' if args.database else 'sqlite'}; wall {wall:.1f} s; module page "
        f"alone {idle * 1000:.0f} ms, under load {under_load * 1000:.0f} ms"
    )
    print(
        f"module_page_ratio={under_load / idle:.2f} quiz_submit_p95_ms={p95:.0f} "
        f"errors={sum(errors)} attempts_recorded={recorded}/{args.learners}"
    )
    return 0 if recorded == args.learners and sum(errors) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
