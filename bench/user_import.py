"""Benchmark: the browser's CSV import at its row limit, and a file far over it.

    python bench/user_import.py [--rows 10000] [--database postgresql://…/test_x]

Through the test client, as an admin does it: upload (check + preview), a preview page,
confirm (create the accounts), download the links; then a 150,000-row file, which must be
refused without reading past the limit. For each step: wall time, the answer's size, and the
peak of Python memory allocated meanwhile (tracemalloc), which must stay bounded by the row
limit, not grow with the file.
"""

import argparse
import io
import os
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("YORISOI_ENV", "test")

from werkzeug.datastructures import FileStorage  # noqa: E402
from werkzeug.test import encode_multipart  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import User  # noqa: E402
from app.seed.municipalities import seed_municipalities  # noqa: E402

HEADER = "username,display_name,role,audience,organisation\n"
PASSWORD = "benchmark-password"


def rows(count: int) -> bytes:
    lines = (f"volunteer{n:06},民生 委員{n},learner,commissioner,新宿区" for n in range(count))
    return (HEADER + "\n".join(lines) + "\n").encode()


def upload(client, body: bytes):
    boundary, data = encode_multipart({"file": FileStorage(io.BytesIO(body), "a.csv")})
    return client.post(
        "/admin/users/import", data=data, content_type=f"multipart/form-data; boundary={boundary}"
    )


def measured(name: str, step, trace: bool):
    """Run one step; print its time (untraced run) or its peak memory (traced run)."""
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = step()
    seconds = time.perf_counter() - started
    size = len(response.get_data())
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {name:<34} peak Python memory {peak / 2**20:6.1f} MiB")
    else:
        print(
            f"  {name:<34} {response.status_code}  {seconds:6.2f} s  answer {size / 1024:8.1f} KB"
        )
    return response


def run(url: str, count: int, trace: bool, drop: bool) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_municipalities()
        admin = User(username="admin", display_name="管理者", role="admin")
        admin.organisation_id = 1
        admin.set_password(PASSWORD)
        db.session.add(admin)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "admin", "password": PASSWORD})
    preview = measured("upload: check and preview", lambda: upload(client, rows(count)), trace)
    html = preview.get_data(as_text=True)
    base = re.search(r'action="(/admin/users/import/\d+)/confirm"', html)[1]
    measured("preview, page 50", lambda: client.get(f"{base}?page=50"), trace)
    measured("confirm: create the accounts", lambda: client.post(f"{base}/confirm"), trace)
    measured("result page", lambda: client.get(f"{base}/done"), trace)
    links = measured("download the links (CSV)", lambda: client.post(f"{base}/links.csv"), trace)
    assert links.get_data().count(b"\n") == count + 1
    # Short rows, as a careless export of a whole system would be: under the 5 MB limit.
    big = (HEADER + "\n".join(f"u{n},n,trainer,,港区" for n in range(150_000))).encode()
    refused = measured(
        f"upload 150,000 rows ({len(big) / 2**20:.1f} MiB): refused",
        lambda: upload(client, big),
        trace,
    )
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == count + 1
        db.session.remove()
        if drop:
            db.drop_all()
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", help="PostgreSQL URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/import.sqlite3"
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        print(f"{args.rows:,} rows on {url.split(':')[0]}: time")
        run(url, args.rows, trace=False, drop=bool(args.database))
        print("the same, traced (slower): memory")
        run(url, args.rows, trace=True, drop=bool(args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
