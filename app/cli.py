"""`flask --app app …` commands. They commit; the services they call do not."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale
from flask_migrate import upgrade

from app.backup import BackupError, backup, describe, restore
from app.content import ContentError, load_library
from app.content.blind_strategies import analyse_quiz
from app.extensions import db
from app.models import Module
from app.renderers.spreadsheets import csv_bytes
from app.seed.demo import ensure_demo_accounts, populate
from app.seed.municipalities import seed_municipalities
from app.services.administration.user_import import LINKS_HEADER, check_user_import, import_users
from app.services.authoring.library_import import import_library

content_cli = AppGroup("content", help="Check, load and export modules and quizzes.")
demo_cli = AppGroup("demo", help="Demo accounts and synthetic learners.")
users_cli = AppGroup("users", help="Accounts: bulk import from CSV.")


def _library(root: str | None):
    root = root or current_app.config["CONTENT_DIR"]
    try:
        return load_library(root)
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s); nothing was imported.", err=True)
        raise SystemExit(1) from None


def _warn_blind(library) -> int:
    """Warn of quizzes a learner could pass without reading; returns how many warnings."""
    count = 0
    for quiz in library.quizzes:
        for warning in analyse_quiz(quiz).warnings():
            click.echo(f"{quiz.path}:1: warning: {warning}", err=True)
            count += 1
    return count


@content_cli.command("check")
@click.option("--root", help="Folder holding modules/ and quizzes/ (default: the project).")
def content_check(root):
    """Validate every module and quiz file; exit 1 listing `path:line: message`.

    Also warns (exit 0) where a learner who reads nothing could pass a quiz."""
    library = _library(root)
    warnings = _warn_blind(library)
    click.echo(
        f"OK: {len(library.modules)} modules, {len(library.quizzes)} quizzes"
        + (f", {warnings} warning(s)." if warnings else ".")
    )


@content_cli.command("load")
@click.option("--root", help="Folder holding modules/ and quizzes/ (default: the project).")
def content_load(root):
    """Import the curriculum all or nothing; unchanged files make no new version."""
    report = import_library(_library(root))
    db.session.commit()
    click.echo(
        f"Loaded: {len(report.new_versions)} new version(s), {len(report.unchanged)} unchanged."
    )
    for path in report.new_versions:
        click.echo(f"  new version: {path}")


@content_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def content_export(directory):
    """Write the current version of every module and quiz back to files under DIRECTORY."""
    out = Path(directory)
    (out / "modules").mkdir(parents=True, exist_ok=True)
    (out / "quizzes").mkdir(parents=True, exist_ok=True)
    modules = db.session.scalars(sa.select(Module).join(Module.current_version)).all()
    for module in modules:
        version = module.version
        (out / "modules" / f"{version.position:02d}-{module.slug}.md").write_text(
            version.source_text, encoding="utf-8"
        )
        if module.quiz and module.quiz.current_version:
            (out / "quizzes" / f"{module.slug}.yaml").write_text(
                module.quiz.current_version.source_text, encoding="utf-8"
            )
    click.echo(f"Exported {len(modules)} modules to {out}.")


@demo_cli.command("accounts")
def demo_accounts():
    """Create the demo accounts (demo mode only)."""
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("Demo accounts exist only in demo mode (YORISOI_ENV=local).")
    seed_municipalities()
    created = ensure_demo_accounts()
    db.session.commit()
    click.echo(f"Demo accounts created: {', '.join(created) or 'none (all present)'}.")


@demo_cli.command("populate")
@click.option("--learners", type=click.IntRange(1, 200_000), required=True)
@click.option("--seed", type=int, default=2026, show_default=True)
def demo_populate(learners, seed):
    """Add N synthetic learners with realistic progress (deterministic for a seed)."""
    seed_municipalities()
    added = populate(learners, seed)
    db.session.commit()
    click.echo(f"Added {added} synthetic learners.")


@users_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check the file and save nothing.")
@click.option(
    "--base-url", help="The site's address (https://…), to print whole links instead of paths."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="Write username, display_name, organisation, link as CSV (for Excel) to this file.",
)
def users_import(file, dry_run, base_url, output):
    """Create accounts from FILE (CSV: username,display_name,role,audience,organisation),
    all or nothing; exit 1 listing `FILE:LINE: reason` for every problem.

    Each new account gets a one-time link to set its password, valid for 72 hours.
    """
    check = check_user_import(Path(file).read_bytes())
    if not check.ok:
        with force_locale("en"):  # like every other command's messages
            for problem in check.problems:
                click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        click.echo(f"{len(check.problems)} problem(s); nothing was imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        click.echo(f"OK: {len(check.rows)} account(s) can be created. Dry run: nothing saved.")
        return
    imported = import_users(check, None, source=Path(file).name)
    db.session.commit()
    adapter = current_app.url_map.bind("localhost")
    prefix = (base_url or "").rstrip("/")
    rows = [
        (
            person.username,
            person.display_name,
            person.organisation,
            prefix + adapter.build("account.password_link", {"token": person.token}),
        )
        for person in imported
    ]
    click.echo(f"Created {len(rows)} account(s).")
    if output:
        Path(output).write_bytes(csv_bytes(LINKS_HEADER, rows))
        click.echo(f"Their one-time password links are in {output}; hand each person theirs.")
    else:
        for username, _name, _organisation, link in rows:
            click.echo(f"{username}\t{link}")


def _echo_outcome(verb: str, where: str, outcome) -> None:
    click.echo(f"{verb} {where} ({outcome.engine}); integrity: {outcome.integrity}.")
    click.echo(
        "Rows: " + ", ".join(f"{table} {count}" for table, count in outcome.rows.items()) + "."
    )


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path):
    """Write a consistent copy of the database to PATH while the site runs (SQLite: the
    online backup API; PostgreSQL: pg_dump --format=custom)."""
    try:
        outcome = backup(db.engine, Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    _echo_outcome("Backed up to", path, outcome)
    if not outcome.integrity.startswith("ok"):
        raise SystemExit(1)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
@with_appcontext
def restore_command(path, yes):
    """Replace the database with the backup PATH, then check it (SQLite: integrity check;
    PostgreSQL: pg_restore in one transaction). Stop the site first."""
    where = describe(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if not yes:
        click.confirm(f"Replace everything in {where} with {path}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds the old database open
    try:
        outcome = restore(db.engine, Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    _echo_outcome(f"Restored {path} into", where, outcome)
    if not outcome.integrity.startswith("ok"):
        raise SystemExit(1)


@click.command("setup")
def setup():
    """Create or upgrade the database, seed Tokyo's 62 municipalities, load the curriculum,
    and in demo mode create the demo accounts."""
    upgrade(directory=str(Path(current_app.root_path).parent / "migrations"))
    added = seed_municipalities()
    report = import_library(_library(None))
    created = ensure_demo_accounts() if current_app.config["DEMO_MODE"] else []
    db.session.commit()
    click.echo(
        f"Database ready: {added} organisation(s) added, "
        f"{len(report.new_versions)} new content version(s), "
        f"demo accounts created: {', '.join(created) or 'none'}."
    )


def register_commands(app) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(setup)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
