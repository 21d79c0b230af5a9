"""SQLite settings for a local install that serves a whole municipality from one file."""

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def tune_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        # WAL lets learners read while another request writes; the busy timeout makes a
        # concurrent writer wait its turn instead of failing.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
