"""Benchmark: report pages and exports at growing numbers of learners.

    make bench                      # SQLite, N = 1,000 and 10,000
    python bench/reports.py --learners 1000 10000 --database postgresql://…/test
    python bench/reports.py --recertify   # with completions expired by a re-certification

For each N it builds a fresh database, adds N synthetic learners with realistic progress
(`demo populate`), then times the requests in-process with the Flask test client and counts
their SQL statements. The query count must not change with N.

Then each export (the admin's CSV and XLSX of every learner) runs once more in a process of
its own, which reads the streamed body chunk by chunk as a client would and reports its time
and how much its peak memory (ru_maxrss) grew over what it held before the request. The goal:
under 250 MB at 150,000 learners for both formats.
"""

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("YORISOI_ENV", "test")

from datetime import date  # noqa: E402

from app import create_app  # noqa: E402
from app.content import load_library  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Module, User  # noqa: E402
from app.seed.demo import populate  # noqa: E402
from app.seed.municipalities import organisation_named, seed_municipalities  # noqa: E402
from app.services.authoring.library_import import import_library  # noqa: E402
from app.services.learning.recertification import require_recertification  # noqa: E402
from app.services.reporting.due_dates import set_due_date  # noqa: E402
from app.services.reporting.filters import ReportFilter  # noqa: E402
from app.services.reporting.matrix import matrix_page  # noqa: E402
from app.services.reporting.summary import summary  # noqa: E402
from tests.query_counter import count_queries  # noqa: E402

REQUESTS = (
    ("admin", "summary"),
    ("admin", "matrix page"),
    ("admin", "matrix page, filtered"),
    ("admin", "/reports"),
    ("admin", "/reports?status=in_progress&overdue=1"),
    ("admin", "/reports?status=expired&overdue=1"),
    ("admin", "/reports/completion.csv"),
    ("admin", "/reports/completion.xlsx"),
    ("coordinator", "/reports"),
    ("coordinator", "/reports/completion.csv"),
    ("coordinator", "/reports/completion.xlsx"),
)
# The service calls behind /reports, timed on their own.
SERVICES = {
    "summary": lambda: summary(None),
    "matrix page": lambda: matrix_page(ReportFilter(), 1, 50),
    "matrix page, filtered": lambda: matrix_page(
        ReportFilter(status="in_progress", overdue=True), 1, 50
    ),
}
PASSWORD = "benchmark-password"


def fresh_app(database: str | None, workdir: Path):
    url = database or f"sqlite:///{workdir / 'bench.sqlite3'}"
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,  # it logs in many times a minute
            "SECRET_KEY": "bench",
            "TESTING": True,
        }
    )
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.create_all()
        seed_municipalities()
        import_library(load_library(ROOT))
        for username, role in (("admin", "admin"), ("coordinator", "coordinator")):
            user = User(
                username=username,
                display_name=username,
                role=role,
                organisation=organisation_named("新宿区"),
            )
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    return app


def recertify(modules: list[Module]) -> None:
    """A new version of each module, marked as requiring re-certification: the synthetic
    completions, reading and passes on the old versions no longer count."""
    library = load_library(ROOT)
    slugs = {module.slug for module in modules}
    changed = tuple(
        dataclasses.replace(doc, content_hash=f"{doc.content_hash[:50]}-recertify")
        for doc in library.modules
        if doc.slug in slugs
    )
    import_library(dataclasses.replace(library, modules=changed, quizzes=()))
    for module in modules:
        require_recertification(module.version, "benchmark")


EXPORTS = ("/reports/completion.csv", "/reports/completion.xlsx")


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _reset_peak() -> bool:
    """Linux: forget the peak so far (the app's start-up), so the peak read after the export
    is the export's own."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def export_child(url: str, path: str) -> None:
    """In a process of its own: one export as a client reads it; prints time and memory."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench",
            "TESTING": True,
        }
    )
    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": PASSWORD})
    client.get("/reports")  # the app's caches, as in a worker that has served a page
    before = _rss_mb()
    reset = _reset_peak()
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.response:
        size += len(chunk)
    seconds = time.perf_counter() - started
    peak = _peak_mb() if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "growth_mb": peak - before, "bytes": size}))


def measure_exports(url: str, learners: int) -> list[tuple]:
    rows = []
    for path in EXPORTS:
        out = subprocess.run(
            [sys.executable, __file__, "--export-child", url, path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = json.loads(out.strip().splitlines()[-1])
        rows.append((learners, path, found["seconds"], found["growth_mb"], found["bytes"]))
    return rows


def measure(app, learners: int, repeat: int, marked: bool) -> list[tuple]:
    with app.app_context():
        started = time.perf_counter()
        populate(learners, seed=2026)
        db.session.commit()
        populate_s = time.perf_counter() - started
        # Due dates in every organisation, so that overdue is part of the work measured.
        first = db.session.scalars(sa.select(Module).order_by(Module.id).limit(3)).all()
        for organisation_id in range(1, 63):
            for module in first:
                set_due_date(organisation_id, module.id, "all", date(2026, 1, 1))
        if marked:
            recertify(list(first))
        db.session.commit()
        in_org = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(
                User.organisation_id == organisation_named("新宿区").id, User.audience.is_not(None)
            )
        )
    rows = []
    client = app.test_client()
    for username, path in REQUESTS:
        client.post("/login", data={"username": username, "password": PASSWORD})
        times, queries, size = [], None, 0
        for _ in range(repeat):
            with app.app_context(), count_queries(db.engine) as counter:
                started = time.perf_counter()
                if path in SERVICES:
                    SERVICES[path]()
                else:
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)
                    size = len(response.get_data())
                times.append(time.perf_counter() - started)
            queries = counter["n"]
        rows.append((learners, username, path, statistics.median(times), queries, size))
        client.post("/logout")
    print(
        f"# N={learners}: populated in {populate_s:.1f} s; 新宿区 has {in_org} learners", flush=True
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--database", help="a PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--recertify",
        action="store_true",
        help="mark a new version of the first three modules: their completions expire",
    )
    parser.add_argument("--export-child", nargs=2, metavar=("URL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        export_child(*args.export_child)
        return 0

    results, exports = [], []
    for learners in args.learners:
        with tempfile.TemporaryDirectory() as workdir:
            app = fresh_app(args.database, Path(workdir))
            results += measure(app, learners, args.repeat, args.recertify)
            url = app.config["SQLALCHEMY_DATABASE_URI"]
            with app.app_context():
                db.engine.dispose()
            exports += measure_exports(url, learners)

    engine = "postgresql" if args.database else "sqlite"
    header = ("learners", "who", "request", "median s", "queries")
    print("\n{:>8}  {:<11}  {:<38}  {:>8}  {:>7}  bytes".format(*header))
    for learners, who, path, seconds, queries, size in results:
        print(f"{learners:>8}  {who:<11}  {path:<38}  {seconds:>8.3f}  {queries:>7}  {size}")
    by_request: dict[tuple, set[int]] = {}
    for _, who, path, _, queries, _ in results:
        by_request.setdefault((who, path), set()).add(queries)
    constant = all(len(counts) == 1 for counts in by_request.values())
    print("\nExports in a process of their own (admin, every learner), read as a client would:")
    print(f"{'learners':>8}  {'export':<26}  {'seconds':>8}  {'memory growth MB':>16}  bytes")
    for learners, path, seconds, growth, size in exports:
        print(f"{learners:>8}  {path:<26}  {seconds:>8.2f}  {growth:>16.1f}  {size}")
    print(f"\nengine={engine} query_counts_constant={'yes' if constant else 'NO'}")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
