"""The migrations build exactly the schema the models describe."""

import json

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db


def test_migrations_produce_the_models_schema(make_app, postgresql_url):
    app = make_app()
    with app.app_context():
        if postgresql_url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory="migrations")
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        downgrade(directory="migrations", revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()


def test_0007_marks_existing_versions_as_from_files_and_fills_matching_pairs(
    make_app, postgresql_url
):
    """A database from before authoring: its versions were loaded from files, and a matching
    question loaded then gets its pairs from its quiz's text."""
    from datetime import datetime
    from pathlib import Path

    app = make_app()
    quiz_text = (Path(__file__).parent / "fixtures/content/quizzes/sample.yaml").read_text("utf-8")
    with app.app_context():
        if postgresql_url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(directory="migrations", revision="0006")
        now = datetime(2026, 4, 1)
        with db.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO modules (id, slug) VALUES (1, 'sample')"))
            connection.execute(
                sa.text(
                    "INSERT INTO module_versions (id, module_id, number, title, summary, position,"
                    " minutes, audiences, objectives, sources, source_text, content_hash,"
                    " requires_recertification, created_at) VALUES (1, 1, 1, 't', 's', 1, 5,"
                    " '[]', '[]', '[]', 'text', 'h', false, :now)"
                ),
                {"now": now},
            )
            connection.execute(sa.text("UPDATE modules SET current_version_id = 1"))
            connection.execute(sa.text("INSERT INTO quizzes (id, module_id) VALUES (1, 1)"))
            connection.execute(
                sa.text(
                    "INSERT INTO quiz_versions (id, quiz_id, number, pass_mark, shuffle,"
                    " source_text, content_hash, created_at) VALUES (1, 1, 1, 60, false, :text,"
                    " 'h', :now)"
                ),
                {"text": quiz_text, "now": now},
            )
            for key, kind in (("first", "single"), ("window-and-role", "matching")):
                connection.execute(
                    sa.text(
                        "INSERT INTO questions (quiz_version_id, key, position, type, prompt,"
                        " options, explanation, source) VALUES (1, :key, 0, :kind, 'p', '[]',"
                        " 'e', 's')"
                    ),
                    {"key": key, "kind": kind},
                )
        upgrade(directory="migrations")
        with db.engine.connect() as connection:
            origins = connection.execute(
                sa.text(
                    "SELECT origin FROM module_versions UNION ALL SELECT origin FROM quiz_versions"
                )
            ).scalars()
            assert list(origins) == ["file", "file"]
            pairs = dict(connection.execute(sa.text("SELECT key, pairs FROM questions")).all())
        assert pairs["first"] is None
        matching = pairs["window-and-role"]
        matching = json.loads(matching) if isinstance(matching, str) else matching
        assert [(p["prompt"], p["answer"]) for p in matching] == [
            ("地域包括支援センター", 3),
            ("生活困窮者自立相談支援機関", 2),
            ("ひきこもり地域支援センター", 0),
        ]
        downgrade(directory="migrations", revision="base")
