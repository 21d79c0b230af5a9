"""Benchmark: what one autosave of the editor costs, on the curriculum's largest module.

    python bench/authoring.py [--rounds 20] [--database postgresql://…/test_x]

An autosave posts the whole form: the fields are written as file text, saved as the next
revision, then checked as `content load` would (parser, renderer, blind strategies) for the
problems the page shows. This times the full POST through the test client, and each part,
median of --rounds, and prints the SQL statements one save sends.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("YORISOI_ENV", "test")

from app import create_app  # noqa: E402
from app.content import load_library  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Module, User  # noqa: E402
from app.seed.municipalities import organisation_named, seed_municipalities  # noqa: E402
from app.services.authoring import drafts, history  # noqa: E402
from app.services.authoring.fields import quiz_form_data, read_quiz_fields  # noqa: E402
from app.services.authoring.file_text import quiz_text  # noqa: E402
from app.services.authoring.library_import import import_library  # noqa: E402
from app.vocabulary import ContentPart  # noqa: E402
from tests.query_counter import count_queries  # noqa: E402

PASSWORD = "benchmark-password"


def _median_ms(work, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "TESTING": True}
        )
        with app.app_context():
            db.drop_all()
            db.create_all()
            seed_municipalities()
            import_library(load_library(ROOT))
            trainer = User(
                username="bench-trainer",
                display_name="研修担当",
                role="trainer",
                organisation=organisation_named("新宿区"),
            )
            trainer.set_password(PASSWORD)
            db.session.add(trainer)
            db.session.commit()
            module = max(
                db.session.scalars(sa.select(Module)),
                key=lambda m: len(m.version.source_text) + len(m.quiz.version.source_text),
            )
            slug, module_source = module.slug, module.version.source_text
            quiz_source = module.quiz.version.source_text
            fields = read_quiz_fields(quiz_source)
            parts = {
                "fields → file text": lambda: quiz_text(fields),
                "check (parse, render, blind strategies)": lambda: drafts.check_texts(
                    module, module_source, quiz_source
                ),
                "readable diff of the quiz": lambda: history.compare_texts(
                    ContentPart.QUIZ, quiz_source, quiz_source.replace("どう", "どのように", 5)
                ),
            }
            timings = {name: _median_ms(work, args.rounds) for name, work in parts.items()}
        client = app.test_client()
        client.post("/login", data={"username": "bench-trainer", "password": PASSWORD})
        form = quiz_form_data(fields)
        state = client.get(f"/author/modules/{slug}/draft").get_json()
        revision, draft = state["revision"], state["draft"]
        saves = []
        with app.app_context(), count_queries(db.engine) as counter:
            for n in range(args.rounds):
                form["questions-0-prompt"] = f"{fields.questions[0].prompt} {n}"
                data = {**form, "part": "quiz", "revision": revision, "autosave": "1"}
                if draft:
                    data["draft"] = draft
                started = time.perf_counter()
                answer = client.post(f"/author/modules/{slug}/draft/save", data=data)
                saves.append(1000 * (time.perf_counter() - started))
                assert answer.status_code == 200, answer.get_data(as_text=True)
                revision, draft = answer.get_json()["revision"], answer.get_json()["draft"]
        print(f"module {slug}: {len(module_source)} + {len(quiz_source)} characters")
        for name, ms in timings.items():
            print(f"  {name}: {ms:.1f} ms")
        print(
            f"  autosave POST, whole: {statistics.median(saves):.1f} ms (median of {args.rounds})"
        )
        print(f"  SQL statements a save: {counter['n'] / args.rounds:.1f}")


if __name__ == "__main__":
    main()
