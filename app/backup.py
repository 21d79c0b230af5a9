"""Back the database up to one file and restore it, while the site runs.

SQLite (the embedded default) uses SQLite's online backup API: a consistent copy of the whole
database, taken while learners keep writing, checked with `PRAGMA integrity_check`.
PostgreSQL uses its own tools, `pg_dump --format=custom` and `pg_restore` (in one
transaction, so a restore is whole or not at all); they must be installed and of the
server's major version or newer (Debian: postgresql-client).
"""

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class Outcome:
    engine: str
    integrity: str  # "ok", or what the check found
    rows: dict[str, int]  # table -> rows, of the database written (the backup or the restore)


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an SQLite database in memory cannot be backed up")
    return database


def _pg_url(engine: Engine) -> str:
    """A libpq address for pg_dump and pg_restore (no SQLAlchemy driver name)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _sqlite_check(connection: sqlite3.Connection) -> str:
    return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the database `engine` points at."""
    with engine.connect() as connection:
        names = sorted(sa.inspect(connection).get_table_names())
        return {
            name: connection.execute(
                sa.select(sa.func.count()).select_from(sa.table(name))
            ).scalar_one()
            for name in names
        }


def backup(engine: Engine, target: Path) -> Outcome:
    """Write a consistent copy of the database to `target`, while it is in use."""
    target = Path(target)
    if engine.dialect.name == "sqlite":
        if target.exists():
            target.unlink()
        source = sqlite3.connect(_sqlite_path(engine), timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # every page in one step: one snapshot, writers carry on (WAL)
            return Outcome("sqlite", _sqlite_check(copy), _sqlite_counts(copy))
        finally:
            copy.close()
            source.close()
    if engine.dialect.name == "postgresql":
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                _pg_url(engine),
            ]
        )
        return Outcome("postgresql", "ok (pg_dump exited 0)", row_counts(engine))
    raise BackupError(f"no backup for {engine.dialect.name}")


def restore(engine: Engine, source: Path) -> Outcome:
    """Replace the database `engine` points at with the backup `source`, then check it."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if engine.dialect.name == "sqlite":
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            try:
                found = _sqlite_check(backup_file)
            except sqlite3.DatabaseError as error:
                found = str(error)
            if found != "ok":
                raise BackupError(f"{source} is damaged: {found}")
            live = sqlite3.connect(_sqlite_path(engine), timeout=30)
            try:
                backup_file.backup(live)
                live.execute("PRAGMA foreign_key_check")
                return Outcome("sqlite", _sqlite_check(live), _sqlite_counts(live))
            finally:
                live.close()
        finally:
            backup_file.close()
    if engine.dialect.name == "postgresql":
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                _pg_url(engine),
                str(source),
            ]
        )
        engine.dispose()  # connections made before the restore point at dropped tables
        return Outcome(
            "postgresql", "ok (pg_restore exited 0, constraints checked)", row_counts(engine)
        )
    raise BackupError(f"no restore for {engine.dialect.name}")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def describe(url: str) -> str:
    """The database's address without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)
