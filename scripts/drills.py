"""Fault drills on the production path (`make drill`): gunicorn from deploy/gunicorn.conf.py on
servers of the drill's own, never the shared ones.

1. kill -9 a gunicorn worker in the middle of a load of quiz submits (SQLite, and a private
   PostgreSQL): every submit either succeeded and is recorded, or failed; a failed one is
   recorded whole or not at all (never half-written: the attempt's state, answers, score
   and time, and a pass's completion and certificate, go together), and sent again it is
   recorded exactly once.
2. Restart PostgreSQL (private) under load: during the outage /healthz answers 503 and every
   page and submit fails cleanly with the app's own 503 page; afterwards the app recovers by
   itself, without a restart of gunicorn, and nothing failed was recorded.
3. Redis down (private redis-server): logins go on, limited in each worker's memory, and the
   worker logs a warning.

Each drill prints PASS or FAIL with what it saw; the script exits 1 if any failed. A drill
whose server binaries are missing is skipped, saying so. Run as root, the private
PostgreSQL runs as the `postgres` user.
"""

import argparse
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    MODULE,
    Browser,
    Gunicorn,
    free_port,
    prepare,
    run_all,
)

LEARNERS = 240
ERROR_PAGE = "ただいま、よりそいを一時的にご利用いただけません"


@dataclass
class Outcome:
    name: str
    ok: bool = True
    notes: list[str] = field(default_factory=list)

    def check(self, condition: bool, note: str) -> None:
        self.notes.append(("" if condition else "NOT: ") + note)
        self.ok = self.ok and condition


# -- private servers -----------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivatePostgres:
    """initdb into a temporary folder, on a free port, its socket in that folder."""

    def __init__(self, folder: Path):
        bin_dir = _postgres_bin()
        if bin_dir is None:
            raise FileNotFoundError("initdb/pg_ctl (Debian: postgresql)")
        self.bin = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:  # postgres refuses to run as root
            self.user = pwd.getpwnam("postgres")
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class PrivateRedis:
    def __init__(self, folder: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server (Debian: redis-server)")
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def _wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


# -- learners -----------------------------------------------------------------------------


def _env(database: str, **more: str) -> dict:
    return {
        "YORISOI_ENV": "production",
        "DATABASE_URL": database,
        "SECRET_KEY": "drill",
        # Production builds every absolute link from it, and answers only the host it names
        # (the port is not compared).
        "BASE_URL": "http://127.0.0.1",
        "LOGIN_RATE_LIMIT": "1000000 per minute",
        "REDIS_URL": "",
        **more,
    }


def _ready_learners(port: int, count: int) -> tuple[list[Browser], dict[int, list]]:
    """Every learner logged in with the quiz open; returns their browsers and forms."""
    browsers = [Browser(port, retry_stale=False) for _ in range(count)]
    run_all(range(count), lambda n: browsers[n].login(f"load{n:04d}"), 8)
    forms: dict[int, list] = {}

    def open_quiz(n: int) -> None:
        _, page, _, _ = browsers[n].request("GET", f"/modules/{MODULE}/quiz")
        attempt = re.search(r'name="attempt" value="(\d+)"', page)
        if attempt:
            forms[n] = [("csrf_token", Browser.token(page)), ("attempt", attempt.group(1))]

    run_all(range(count), open_quiz, 8)
    for browser in browsers:  # each request of the load on a connection of its own
        browser.close()
    return browsers, forms


def _consistency(database: str) -> dict[str, int]:
    """What the database holds for the drill's learners, and anything half-written."""
    import sqlalchemy as sa

    engine = sa.create_engine(database)
    with engine.connect() as connection:
        one = lambda sql: int(connection.execute(sa.text(sql)).scalar() or 0)  # noqa: E731
        learners = "SELECT id FROM users WHERE username LIKE 'load%'"
        found = {
            "submitted": one(
                "SELECT count(*) FROM attempts "
                f"WHERE state = 'submitted' AND user_id IN ({learners})"
            ),
            "learners with more than one submitted": one(
                "SELECT count(*) FROM (SELECT user_id FROM attempts WHERE state = 'submitted' "
                f"AND user_id IN ({learners}) GROUP BY user_id HAVING count(*) > 1) AS twice"
            ),
            "half-written attempts": one(
                "SELECT count(*) FROM attempts WHERE (state = 'submitted' AND (answers IS NULL "
                "OR score IS NULL OR passed IS NULL OR submitted_at IS NULL)) OR (state = "
                "'in_progress' AND (score IS NOT NULL OR submitted_at IS NOT NULL))"
            ),
            "passes without completion or certificate": one(
                "SELECT count(*) FROM attempts a WHERE a.state = 'submitted' AND a.passed AND "
                "NOT EXISTS (SELECT 1 FROM completions c JOIN certificates k ON "
                "k.completion_id = c.id WHERE c.user_id = a.user_id AND c.module_id = a.module_id)"
            ),
            "completions without a passed attempt": one(
                "SELECT count(*) FROM completions c WHERE NOT EXISTS (SELECT 1 FROM attempts a "
                "WHERE a.user_id = c.user_id AND a.module_id = c.module_id AND a.passed "
                "AND a.state = 'submitted')"
            ),
        }
    engine.dispose()
    return found


def _workers(master: int) -> list[int]:
    pids = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.split("/")[2]))
    return pids


# -- the drills ---------------------------------------------------------------------------


def kill_a_worker(engine: str, database: str, workdir: Path, answers: list) -> Outcome:
    outcome = Outcome(f"kill -9 a worker during quiz submits ({engine})")
    server = Gunicorn("app:create_app()", 2, _env(database), workdir / f"kill-{engine}.log")
    try:
        browsers, forms = _ready_learners(server.port, LEARNERS)
        results: dict[int, tuple[int, str]] = {}

        def submit(n: int) -> None:
            status, _, headers, _ = browsers[n].request(
                "POST", f"/modules/{MODULE}/quiz", forms[n] + answers
            )
            results[n] = (status, headers.get("Location", ""))

        killed: list[int] = []

        def killer() -> None:
            for _ in range(3):  # three workers killed, a moment apart
                time.sleep(0.4)
                workers = _workers(server.process.pid)
                if workers:
                    os.kill(workers[0], signal.SIGKILL)
                    killed.append(workers[0])

        chaos = threading.Thread(target=killer)
        chaos.start()
        run_all(sorted(forms), submit, 20)
        chaos.join()
        succeeded = [
            n
            for n, (status, where) in results.items()
            if status == 302 and "/quiz/attempts/" in where
        ]
        failed = [n for n in results if n not in succeeded]
        before_retry = _consistency(database)
        outcome.check(len(killed) == 3, f"{len(killed)} workers killed with SIGKILL mid-load")
        outcome.check(
            len(forms) == LEARNERS, f"{len(forms)} learners had the quiz open before the load"
        )
        outcome.check(
            len(failed) > 0,
            f"{len(failed)} submits failed (connection cut), {len(succeeded)} succeeded",
        )
        outcome.check(
            before_retry["submitted"] >= len(succeeded)
            and before_retry["submitted"] <= len(succeeded) + len(failed),
            f"{before_retry['submitted']} recorded: every success, and "
            f"{before_retry['submitted'] - len(succeeded)} of the failed ones whose commit came "
            "before the kill",
        )
        for key in (
            "half-written attempts",
            "learners with more than one submitted",
            "passes without completion or certificate",
            "completions without a passed attempt",
        ):
            outcome.check(before_retry[key] == 0, f"{key}: {before_retry[key]}")
        # The browser sends a failed form again: each is recorded exactly once.
        _wait_healthy(server.port)
        for n in failed:
            submit(n)
        again = [n for n in failed if results[n][0] != 302]
        after = _consistency(database)
        outcome.check(
            not again
            and after["submitted"] == LEARNERS
            and after["learners with more than one submitted"] == 0,
            f"the failed ones sent again: {len(failed) - len(again)}/{len(failed)} answered; "
            f"{after['submitted']}/{LEARNERS} recorded, each once",
        )
    finally:
        server.stop()
    return outcome


def _wait_healthy(port: int, seconds: float = 60) -> float:
    started = time.monotonic()
    probe = Browser(port, retry_stale=False)
    while time.monotonic() - started < seconds:
        status, _, _, _ = probe.request("GET", "/healthz")
        if status == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError("the app did not come back")


def restart_postgres(pg: "PrivatePostgres", workdir: Path, answers: list) -> Outcome:
    outcome = Outcome("restart PostgreSQL under load")
    log = workdir / "pg-restart.log"
    server = Gunicorn("app:create_app()", 2, _env(pg.url), log)
    try:
        browsers, forms = _ready_learners(server.port, LEARNERS)
        phase = {"now": "before"}
        seen: dict[str, dict[str, int]] = {}
        bad: list[str] = []
        submits: dict[int, tuple[str, int]] = {}
        stop = threading.Event()
        lock = threading.Lock()

        def note(kind: str, status: int, body: str) -> None:
            with lock:
                counts = seen.setdefault(f"{phase['now']} {kind}", {})
                counts[str(status)] = counts.get(str(status), 0) + 1
                if kind != "healthz" and (
                    status == 0 or (status >= 500 and (status != 503 or ERROR_PAGE not in body))
                ):
                    bad.append(f"{phase['now']}: {kind} {status}")

        def reader(n: int) -> None:
            while not stop.is_set():
                status, body, _, _ = browsers[n].request("GET", f"/modules/{MODULE}")
                note("module page", status, body)
                status, body, _, _ = browsers[n].request("GET", "/healthz")
                note("healthz", status, body)
                browsers[n].close()  # keep-alive would outlive gunicorn's idle limit

        def submitter() -> None:
            for n in sorted(forms)[10:]:
                if stop.is_set():
                    return
                status, body, headers, _ = browsers[n].request(
                    "POST", f"/modules/{MODULE}/quiz", forms[n] + answers
                )
                submits[n] = (phase["now"], status)
                note("quiz submit", status, body)
                browsers[n].close()
                time.sleep(0.02)

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        threads.append(threading.Thread(target=submitter))
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        phase["now"] = "stopping"
        pg.stop()
        phase["now"] = "outage"
        time.sleep(3)
        phase["now"] = "starting"
        pg.start()
        recovered = _wait_healthy(server.port)
        phase["now"] = "after"
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join()
        gunicorn_alive = server.process.poll() is None
        outage_health = seen.get("outage healthz", {})
        outage_pages = seen.get("outage module page", {})
        after_pages = seen.get("after module page", {})
        outcome.check(
            outage_health.get("503", 0) > 0 and "200" not in outage_health,
            f"/healthz during the outage: {outage_health}",
        )
        outcome.check(
            outage_pages.get("503", 0) > 0 and "500" not in outage_pages,
            f"module page during the outage: {outage_pages} (503 with the app's own page)",
        )
        outcome.check(not bad, f"answers that were not the app's own 503 page: {bad[:5] or 'none'}")
        if bad:
            errors = re.findall(r"^\w+(?:\.\w+)*(?:Error|Exception)\b.*$", log.read_text(), re.M)
            outcome.notes.append(f"      the log says: {errors[-3:]}")
        outcome.check(
            gunicorn_alive and after_pages.get("200", 0) > 0,
            f"recovered by itself {recovered:.1f} s after "
            f"PostgreSQL was back (pg_ctl start returned), gunicorn never "
            f"restarted; afterwards: module page {after_pages}, submits "
            f"{seen.get('after quiz submit', {})}",
        )
        ok = [n for n, (_, status) in submits.items() if status == 302]
        failed = [n for n, (_, status) in submits.items() if status != 302]
        found = _consistency(pg.url)
        failed_by_phase: dict[str, int] = {}
        for n in failed:
            failed_by_phase[submits[n][0]] = failed_by_phase.get(submits[n][0], 0) + 1
        outcome.check(
            found["submitted"] == len(ok),
            f"{len(ok)} submits answered and {found['submitted']} recorded; {len(failed)} failed "
            f"(by phase: {failed_by_phase}; all 503) and none of them recorded",
        )
        outcome.check(found["half-written attempts"] == 0, "half-written attempts: 0")
    finally:
        server.stop()
    return outcome


def redis_down(database: str, workdir: Path) -> Outcome:
    outcome = Outcome("Redis down: logins limited in memory, with a warning")
    redis = PrivateRedis(workdir)
    redis.start()
    log = workdir / "redis-down.log"
    server = Gunicorn(
        "app:create_app()",
        2,
        _env(
            database, REDIS_URL=f"redis://127.0.0.1:{redis.port}/0", LOGIN_RATE_LIMIT="5 per minute"
        ),
        log,
    )
    try:
        browser = Browser(server.port, retry_stale=False)
        browser.login("load0100")
        outcome.check(browser.errors == 0, "a login with Redis up works")
        redis.stop()
        logins = []
        for n in range(101, 104):
            learner = Browser(server.port, retry_stale=False)
            learner.login(f"load{n:04d}")
            logins.append(learner.errors == 0)
        outcome.check(all(logins), f"logins with Redis down: {sum(logins)}/{len(logins)} got in")
        statuses = []
        for _ in range(14):  # two workers, five each a minute from the outage on
            wrong = Browser(server.port, retry_stale=False)
            _, page, _, _ = wrong.request("GET", "/login")
            status, _, _, _ = wrong.request(
                "POST",
                "/login",
                {"username": "load0105", "password": "wrong", "csrf_token": Browser.token(page)},
            )
            statuses.append(status)
        outcome.check(
            429 in statuses and 500 not in statuses,
            f"wrong passwords with Redis down: {statuses.count(401)} × 401 then "
            f"{statuses.count(429)} × 429 (limited in memory), no 500",
        )
    finally:
        server.stop()
        redis.stop()
    text = log.read_text(errors="replace")
    outcome.check(
        "falling back to in-memory storage" in text,
        "the workers logged: "
        + (re.findall(r".*falling back to in-memory storage.*", text) or ["nothing"])[0].strip(),
    )
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("kill", "redis", "postgres-restart"), help="one drill")
    parser.add_argument("--logs", type=Path, help="copy gunicorn's logs to this folder")
    args = parser.parse_args()
    only = args.only
    wanted = lambda name: only in (None, name)  # noqa: E731
    outcomes: list[Outcome] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="yorisoi-drill-") as folder:
        workdir = Path(folder)
        os.chmod(workdir, 0o755)
        sqlite = f"sqlite:///{workdir / 'drill.sqlite3'}"
        answers = prepare(sqlite, LEARNERS + 10, slow_logins=0)["answers"]
        if wanted("kill"):
            outcomes.append(kill_a_worker("sqlite", sqlite, workdir, answers))
        try:
            if wanted("redis"):
                outcomes.append(redis_down(sqlite, workdir))
        except FileNotFoundError as missing:
            skipped.append(f"Redis down: skipped, {missing} is not installed")
        pg_folder = workdir / "postgres"
        pg_folder.mkdir()
        try:
            pg = PrivatePostgres(pg_folder)
        except FileNotFoundError as missing:
            skipped.append(f"PostgreSQL drills: skipped, {missing} is not installed")
        else:
            pg.start()
            try:
                if wanted("kill"):
                    prepare(pg.url, LEARNERS + 10, slow_logins=0)
                    outcomes.append(kill_a_worker("postgresql", pg.url, workdir, answers))
                if wanted("postgres-restart"):
                    prepare(pg.url, LEARNERS + 10, slow_logins=0)
                    outcomes.append(restart_postgres(pg, workdir, answers))
            finally:
                pg.stop()
        if args.logs:
            args.logs.mkdir(parents=True, exist_ok=True)
            for log in workdir.glob("*.log"):
                shutil.copy(log, args.logs / log.name)
    for outcome in outcomes:
        print(f"{'PASS' if outcome.ok else 'FAIL'}  {outcome.name}")
        for note in outcome.notes:
            print(f"      {note}")
    for line in skipped:
        print(f"SKIP  {line}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
