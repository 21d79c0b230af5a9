"""SQLite settings for a local install that serves a whole municipality from one file.

WAL lets learners read while another request writes, and a busy timeout makes a writer wait
its turn. That is not enough with several workers: a transaction that began by reading and
then writes is refused at once ("database is locked") if another process wrote in between,
whatever the timeout. So a transaction that will write begins with BEGIN IMMEDIATE, taking
the write lock first and waiting for it: requests that change something (POST, and the few
GET views marked `writes_on_get`) and CLI commands. Other requests begin a plain (deferred)
transaction and read in parallel. PostgreSQL needs none of this.
"""

from collections.abc import Callable
from typing import TypeVar

import click
import sqlalchemy as sa
from flask import Flask, current_app, has_request_context, request
from sqlalchemy.engine import Engine

from app.extensions import db

View = TypeVar("View", bound=Callable)
READING_METHODS = {"GET", "HEAD", "OPTIONS"}


def writes_on_get(view: View) -> View:
    """Mark a view that writes to the database on GET (opening a quiz attempt, say)."""
    view.yorisoi_writes = True  # type: ignore[attr-defined]
    return view


def reads_only(view: View) -> View:
    """Mark a POST view that never writes (the login form), so that it does not hold the
    write lock while a password is checked."""
    view.yorisoi_writes = False  # type: ignore[attr-defined]
    return view


def transaction_writes() -> bool:
    """Whether the transaction about to begin will write (decided before its first query)."""
    if has_request_context():
        view = current_app.view_functions.get(request.endpoint or "")
        marked = getattr(view, "yorisoi_writes", None)
        if marked is not None:
            return marked
        return request.method not in READING_METHODS
    # A CLI command (content load, setup, restore…); plain scripts and tests read by default.
    return click.get_current_context(silent=True) is not None


def tune_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # The driver's own transaction handling is off: "begin" below says how each begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if transaction_writes() else "BEGIN")


def end_sessions_safely(app: Flask) -> None:
    """At the end of a request the session rolls back. If the database has just closed the
    connection (a restart), that rollback fails, after the answer was made: the failure must
    not turn it into a server error. The session is dropped with its dead connection, which
    the pool's pre-ping replaces on the next checkout. Registered after Flask-SQLAlchemy, so
    that it runs before Flask-SQLAlchemy's own (then empty-handed) teardown."""

    @app.teardown_appcontext
    def _end_session(_error):
        try:
            db.session.remove()
        except sa.exc.DBAPIError as error:
            current_app.logger.warning("database connection lost: %s", error.__class__.__name__)
            db.session.registry.clear()
