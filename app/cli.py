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
from app.seed.demo import ensure_demo_accounts, ensure_demo_windows, populate
from app.seed.municipalities import seed_municipalities
from app.services.administration.audit import record
from app.services.administration.user_import import LINKS_HEADER, check_user_import, import_users
from app.services.authoring.content_export import export_content
from app.services.authoring.gift import (
    GiftRefused,
    NoQuiz,
    export_quiz,
    import_into_quiz,
    plan_import,
)
from app.services.authoring.library_import import BrowserVersionsInTheWay, import_library
from app.site_address import external_url
from app.vocabulary import AuthoringAction

content_cli = AppGroup("content", help="Check, load and export modules and quizzes.")
gift_cli = AppGroup("gift", help="Quizzes to and from GIFT (Moodle's question format).")
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
@click.option(
    "--blind-report",
    is_flag=True,
    help="Also print, per quiz, the best blind score, where right answers sit, and how often "
    "the right option is the longest.",
)
def content_check(root, blind_report):
    """Validate every module and quiz file; exit 1 listing `path:line: message`.

    Also warns (exit 0) where a learner who reads nothing could pass a quiz."""
    library = _library(root)
    warnings = _warn_blind(library)
    if blind_report:
        _print_blind_report(library)
    click.echo(
        f"OK: {len(library.modules)} modules, {len(library.quizzes)} quizzes"
        + (f", {warnings} warning(s)." if warnings else ".")
    )


def _print_blind_report(library) -> None:
    click.echo("quiz | best blind score (strategy) | right answer at 1/2/3/4/5 | right is longest")
    for quiz in library.quizzes:
        report = analyse_quiz(quiz)
        shares = "/".join(
            f"{round(100 * report.position_shares.get(position, 0))}%" for position in range(1, 6)
        )
        click.echo(
            f"{quiz.path} | {report.best.correct}/{report.best.total} = {report.best.percent}% "
            f"({report.best.strategy}) | {shares} | {round(100 * report.longest_share)}%"
        )


def _import(library, force: bool = False):
    """import_library, or stop naming every browser version the files would replace."""
    try:
        return import_library(library, force=force)
    except BrowserVersionsInTheWay as refused:
        for version in refused.versions:
            click.echo(str(version), err=True)
        click.echo(
            f"{len(refused.versions)} version(s) published in the browser would be replaced; "
            "nothing was imported. Write them to files first (flask --app app content export "
            "DIR), or load anyway with --force (the browser versions stay in the history).",
            err=True,
        )
        raise SystemExit(1) from None


@content_cli.command("load")
@click.option("--root", help="Folder holding modules/ and quizzes/ (default: the project).")
@click.option(
    "--force",
    is_flag=True,
    help="Load even where a file differs from a version published in the browser.",
)
def content_load(root, force):
    """Import the curriculum all or nothing; unchanged files make no new version.

    Stops (exit 1, nothing imported) where a file differs from a current version that was
    published in the browser, naming the module, unless --force."""
    report = _import(_library(root), force=force)
    if report.new_versions:
        record(
            AuthoringAction.CONTENT_LOAD,
            details={"files": report.new_versions, "forced": force},
        )
    db.session.commit()
    click.echo(
        f"Loaded: {len(report.new_versions)} new version(s), {len(report.unchanged)} unchanged."
    )
    for path in report.new_versions:
        click.echo(f"  new version: {path}")


@content_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def content_export(directory):
    """Write the current version of every module and quiz, and the glossary, back to files
    under DIRECTORY (modules/, quizzes/), in the formats `content load` reads."""
    exported = export_content(directory)
    db.session.commit()
    for path in exported.removed:
        click.echo(f"  removed {path}: the module is now under another number")
    click.echo(f"Exported {exported.modules} modules ({len(exported.files)} files) to {directory}.")


def _module(slug: str) -> Module:
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None or module.current_version is None:
        click.echo(f"No published module has the slug '{slug}'.", err=True)
        raise SystemExit(1)
    return module


@gift_cli.command("export")
@click.argument("slug")
def gift_export(slug):
    """Print module SLUG's quiz as GIFT on stdout; notes on what GIFT cannot hold go to
    stderr."""
    module = _module(slug)
    try:
        exported = export_quiz(module)
    except NoQuiz:
        click.echo(f"Module '{slug}' has no quiz.", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(exported.text, nl=False)
    for note in exported.notes:
        click.echo(f"note: {note}", err=True)


@gift_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--module", "slug", required=True, help="The module whose quiz gets the questions.")
@click.option("--dry-run", is_flag=True, help="Check and show what would be added; save nothing.")
@click.option(
    "--skip-unsupported",
    is_flag=True,
    help="Leave out questions Yorisoi cannot hold (essay, numerical…) instead of refusing.",
)
def gift_import(file, slug, dry_run, skip_unsupported):
    """Add the questions of GIFT FILE to module SLUG's quiz and publish it as a new version,
    as `content load` does. Refused, listing every `FILE:line: message` (exit 1, nothing
    saved), when the file is broken, has unsupported questions (without
    --skip-unsupported), or a question lacks its source, explanation or feedback."""
    module = _module(slug)
    try:
        text = Path(file).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        click.echo(f"{file}:1: not UTF-8 text ({error.reason}); nothing was imported.", err=True)
        raise SystemExit(1) from None
    plan = plan_import(module, file, text, skip_unsupported=skip_unsupported)
    if plan.refused:
        for message in plan.messages():
            click.echo(message, err=True)
        click.echo(f"{file}: refused; nothing was imported.", err=True)
        raise SystemExit(1)
    if not dry_run:
        try:
            plan = import_into_quiz(module, file, text, skip_unsupported=skip_unsupported)
        except GiftRefused as refused:
            for message in refused.plan.messages():
                click.echo(message, err=True)
            raise SystemExit(1) from None
        db.session.commit()
    for message in plan.messages():
        click.echo(message, err=True)
    version = f" (quiz version {plan.stored.number})" if plan.stored else ""
    verb = "Would add" if dry_run else "Added"
    click.echo(f"{verb} {len(plan.added)} question(s) to the quiz of '{slug}'{version}:")
    for question in plan.added:
        click.echo(f"  {question.key} ({question.type}): {question.prompt}")
    if dry_run:
        click.echo("Dry run: nothing saved.")
    else:
        click.echo(
            f"Write it back to quizzes/{slug}.yaml with `flask --app app content export DIR`: "
            "a later `content load` of the old file would replace this version."
        )


@demo_cli.command("accounts")
def demo_accounts():
    """Create the demo accounts (demo mode only)."""
    if not current_app.config["DEMO_MODE"]:
        raise click.ClickException("Demo accounts exist only in demo mode (YORISOI_ENV=local).")
    seed_municipalities()
    created = ensure_demo_accounts()
    windows = ensure_demo_windows()
    db.session.commit()
    click.echo(f"Demo accounts created: {', '.join(created) or 'none (all present)'}.")
    if windows:
        click.echo(f"Example consultation windows added to the demo's directory: {windows}.")


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
@click.option("--base-url", help="The site's address (https://…) for the links; default: BASE_URL.")
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
    rows = [
        (
            person.username,
            person.display_name,
            person.organisation,
            external_url("account.password_link", _base=base_url, token=person.token),
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
    and in demo mode create the demo accounts.

    Where the files differ from versions published in the browser, the curriculum is not
    loaded (all or nothing, as `content load` refuses) and setup says so; the rest goes on,
    so that the site still starts with what trainers published."""
    upgrade(directory=str(Path(current_app.root_path).parent / "migrations"))
    added = seed_municipalities()
    library = _library(None)
    try:
        loaded = f"{len(import_library(library).new_versions)} new content version(s)"
    except BrowserVersionsInTheWay as refused:
        for version in refused.versions:
            click.echo(f"warning: {version}", err=True)
        click.echo(
            "warning: the curriculum files were not loaded, to keep what was published in the "
            "browser. Export it (content export DIR) or load with content load --force.",
            err=True,
        )
        loaded = "curriculum files not loaded"
    demo = current_app.config["DEMO_MODE"]
    created = ensure_demo_accounts() if demo else []
    windows = ensure_demo_windows() if demo else 0
    db.session.commit()
    click.echo(
        f"Database ready: {added} organisation(s) added, {loaded}, "
        f"demo accounts created: {', '.join(created) or 'none'}"
        + (f", example consultation windows: {windows}." if windows else ".")
    )


def register_commands(app) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(gift_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(setup)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
