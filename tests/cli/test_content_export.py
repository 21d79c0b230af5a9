"""Files and the browser agree: `content export` writes what `content load` reads, and a load
never silently replaces a version published in the browser."""

import filecmp
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Module, ModuleVersion
from tests.author.editor import open_editor, publish, save, trainer
from tests.factories import organisation_id

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "content"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def _load(runner, root, *options):
    return runner.invoke(args=["content", "load", "--root", str(root), *options])


def _export(runner, out):
    result = runner.invoke(args=["content", "export", str(out)])
    assert result.exit_code == 0, result.output
    return result


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _same_tree(left, right):
    assert _files(left) == _files(right)
    _match, mismatch, errors = filecmp.cmpfiles(left, right, _files(left), shallow=False)
    assert mismatch == [] and errors == []


def test_exporting_the_shipped_curriculum_gives_back_its_files_byte_for_byte(runner, tmp_path):
    assert _load(runner, ROOT).exit_code == 0
    out = tmp_path / "exported"
    result = _export(runner, out)
    assert "Exported 11 modules (23 files)" in result.output
    for folder in ("modules", "quizzes"):
        assert _files(out / folder) == _files(ROOT / folder)
        for name in _files(ROOT / folder):
            assert (out / folder / name).read_bytes() == (ROOT / folder / name).read_bytes(), name


def test_load_export_load_export_changes_no_file(runner, content, tmp_path):
    assert _load(runner, content).exit_code == 0
    first = tmp_path / "first"
    _export(runner, first)
    again = _load(runner, first)
    assert again.exit_code == 0
    assert "Loaded: 0 new version(s), 3 unchanged." in again.output
    second = tmp_path / "second"
    _export(runner, second)
    _same_tree(first, second)
    # The files the fixture holds come back as they were (one is named after its slug now).
    assert (first / "modules" / "01-sample.md").read_bytes() == (
        content / "modules" / "01-sample.md"
    ).read_bytes()
    assert (first / "quizzes" / "sample.yaml").read_bytes() == (
        content / "quizzes" / "sample.yaml"
    ).read_bytes()


def _publish_in_browser(app, title="ブラウザーで変えた題名"):
    kato = trainer(app)
    save(kato, "sample", open_editor(kato, "sample"), "module", {"title": title})
    response = publish(kato, "sample", open_editor(kato, "sample")["revision"])
    assert response.status_code == 200, response.get_data(as_text=True)


def _module_versions(app):
    with app.app_context():
        return db.session.scalars(
            sa.select(ModuleVersion.number)
            .join(Module, Module.id == ModuleVersion.module_id)
            .where(Module.slug == "sample")
            .order_by(ModuleVersion.number)
        ).all()


def test_load_refuses_to_replace_a_browser_version_and_force_is_the_way_through(
    app, runner, users, content
):
    assert _load(runner, content).exit_code == 0
    users("kato", role="trainer", audience=None)
    _publish_in_browser(app)
    # Another file changed too: nothing at all is loaded while the refusal stands.
    other = content / "modules" / "02-commissioners.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")

    refused = _load(runner, content)
    assert refused.exit_code == 1
    assert (
        "modules/01-sample.md:1: module 'sample': the current module version 2 was published "
        "in the browser by kato on "
    ) in refused.output
    assert "nothing was imported" in refused.output and "--force" in refused.output
    assert _module_versions(app) == [1, 2]

    forced = _load(runner, content, "--force")
    assert forced.exit_code == 0, forced.output
    assert "2 new version(s)" in forced.output
    assert _module_versions(app) == [1, 2, 3]  # the browser version stays in the history
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "content.load")
            .order_by(AuditEvent.id.desc())
        )
        assert event.details["forced"] is True
        assert event.details["files"] == ["modules/01-sample.md", "modules/02-commissioners.md"]


def test_an_exported_browser_version_loads_without_force(app, runner, users, content, tmp_path):
    assert _load(runner, content).exit_code == 0
    users("kato", role="trainer", audience=None)
    _publish_in_browser(app)
    out = tmp_path / "exported"
    _export(runner, out)
    assert "ブラウザーで変えた題名" in (out / "modules" / "01-sample.md").read_text("utf-8")
    loaded = _load(runner, out)
    assert loaded.exit_code == 0, loaded.output
    assert "0 new version(s)" in loaded.output
    # The same text is no replacement: an unchanged file never is.
    assert _load(runner, content).exit_code == 1


def test_export_replaces_a_module_file_left_under_its_old_number(
    app, runner, users, content, tmp_path
):
    assert _load(runner, content).exit_code == 0
    out = tmp_path / "exported"
    _export(runner, out)
    users("kato", role="trainer", audience=None)
    kato = trainer(app)
    save(kato, "sample", open_editor(kato, "sample"), "module", {"order": "5"})
    assert publish(kato, "sample", open_editor(kato, "sample")["revision"]).status_code == 200
    result = _export(runner, out)
    assert "removed modules/01-sample.md: the module is now under another number" in result.output
    assert sorted(p.name for p in (out / "modules").iterdir()) == [
        "02-commissioners-only.md",
        "05-sample.md",
    ]
    assert _load(runner, out).exit_code == 0  # one file per slug: it loads
    with app.app_context():
        event = db.session.scalar(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "content.export")
            .order_by(AuditEvent.id.desc())
        )
        assert event.details["directory"] == str(out)
        assert "quizzes/sample.yaml" in event.details["files"]


def test_setup_keeps_browser_versions_and_says_why_the_files_were_not_loaded(
    make_app, postgresql_url
):
    from app.models import User
    from app.services.authoring import drafts, publishing

    app = make_app()
    runner = app.test_cli_runner()
    with app.app_context():
        if postgresql_url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    with app.app_context():  # `flask` pushes one for every command; the test runner does not
        first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "22 new content version(s)" in first.output
    shinjuku = organisation_id(app, "新宿区")
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "outreach"))
        kato = User(username="kato", display_name="加藤", role="trainer", organisation_id=shinjuku)
        db.session.add(kato)
        draft = drafts.start_draft(module, kato)
        drafts.save_draft(
            draft, kato, 1, module_text=draft.module_text.replace("訪問", "訪ねる支援", 1)
        )
        publishing.publish_draft(draft, kato, 2)
        db.session.commit()
    with app.app_context():
        again = runner.invoke(args=["setup"])
    assert again.exit_code == 0, again.output
    assert "warning: modules/08-outreach.md:1: module 'outreach'" in again.stderr
    assert "curriculum files not loaded" in again.stdout
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "outreach"))
        assert (module.version.number, module.version.origin) == (2, "browser")
        db.session.remove()
        if postgresql_url:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
