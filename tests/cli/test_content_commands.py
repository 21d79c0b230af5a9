import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Module, ModuleVersion, QuizVersion

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def _count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_check_accepts_good_content(runner, content):
    result = runner.invoke(args=["content", "check", "--root", str(content)])
    assert result.exit_code == 0
    assert "OK: 2 modules, 1 quizzes" in result.output


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "modules/01-sample.md",
            "audiences: all",
            "audiences: [mayor]",
            "modules/01-sample.md:4: unknown audience 'mayor'",
        ),
        (
            "modules/01-sample.md",
            "minutes: 5\n",
            "",
            "modules/01-sample.md:2: missing field 'minutes'",
        ),
        (
            "quizzes/sample.yaml",
            "  - id: second",
            "  - id: first",
            "quizzes/sample.yaml:18: duplicate question id 'first' (also line 6)",
        ),
        (
            "quizzes/sample.yaml",
            "        correct: true\n        feedback: 正しい理由です。",
            "        correct: false\n        feedback: 正しい理由です。",
            "quizzes/sample.yaml:9: no option is marked correct",
        ),
        (
            "quizzes/sample.yaml",
            "        feedback: 誤っている理由です。\n",
            "",
            "quizzes/sample.yaml:13: an option has no 'feedback'",
        ),
        (
            "quizzes/sample.yaml",
            "module: sample",
            "module: missing",
            "quizzes/sample.yaml:1: no module has the slug 'missing'",
        ),
        (
            "quizzes/sample.yaml",
            "pass_mark: 60",
            "pass_mark: [60",
            "quizzes/sample.yaml:3: YAML syntax error",
        ),
    ],
)
def test_a_bad_file_is_named_with_its_line_and_nothing_is_imported(
    app, runner, content, file, old, new, expected
):
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    check = runner.invoke(args=["content", "check", "--root", str(content)])
    load = runner.invoke(args=["content", "load", "--root", str(content)])

    for result in (check, load):
        assert result.exit_code == 1
        assert expected in result.output
    assert "nothing was imported" in load.output
    assert _count(app, Module) == 0
    assert _count(app, QuizVersion) == 0


def test_load_is_all_or_nothing_even_when_only_one_file_is_bad(app, runner, content):
    extra = content / "modules" / "03-broken.md"
    extra.write_text("---\nslug: broken\n---\n## 見出し\n本文\n", encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--root", str(content)])
    assert result.exit_code == 1
    assert "modules/03-broken.md:2: missing field 'title'" in result.output
    assert _count(app, Module) == 0


def test_an_unchanged_file_makes_no_new_version_and_a_change_does(app, runner, content):
    first = runner.invoke(args=["content", "load", "--root", str(content)])
    assert "3 new version(s), 0 unchanged" in first.output
    again = runner.invoke(args=["content", "load", "--root", str(content)])
    assert "0 new version(s), 3 unchanged" in again.output

    module = content / "modules" / "01-sample.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")
    changed = runner.invoke(args=["content", "load", "--root", str(content)])
    assert "1 new version(s), 2 unchanged" in changed.output
    with app.app_context():
        numbers = db.session.scalars(
            sa.select(ModuleVersion.number)
            .join(Module, ModuleVersion.module_id == Module.id)
            .where(Module.slug == "sample")
            .order_by(ModuleVersion.number)
        ).all()
        assert numbers == [1, 2]


def test_export_writes_back_what_was_loaded(runner, content, tmp_path):
    runner.invoke(args=["content", "load", "--root", str(content)])
    out = tmp_path / "exported"
    result = runner.invoke(args=["content", "export", str(out)])
    assert result.exit_code == 0
    assert (out / "modules" / "01-sample.md").read_text(encoding="utf-8") == (
        content / "modules" / "01-sample.md"
    ).read_text(encoding="utf-8")
    assert (out / "quizzes" / "sample.yaml").exists()
