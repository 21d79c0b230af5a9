"""Count the SQL statements a piece of work sends: reports must not grow with the learners."""

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine


@contextmanager
def count_queries(engine: Engine):
    counter = {"n": 0}

    def before(_connection, _cursor, statement, *_args, **_kwargs):
        # Transaction control is not a query: SQLite's BEGIN (IMMEDIATE) is sent as a
        # statement (app/database_tuning.py), PostgreSQL's by the driver unseen.
        if not statement.startswith("BEGIN"):
            counter["n"] += 1

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
