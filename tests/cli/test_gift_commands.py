"""`gift export SLUG` and `gift import FILE --module SLUG`: quizzes to and from Moodle's GIFT."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.content.gift_import import import_gift
from app.content.quiz_files import parse_quiz
from app.extensions import db
from app.models import AuditEvent, Module, QuizVersion

FIXTURES = Path(__file__).parent.parent / "fixtures"
GIFT = FIXTURES / "gift"


@pytest.fixture
def loaded(runner):
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURES / "content")])
    assert result.exit_code == 0, result.output


def _quiz(app, slug="sample"):
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        version = module.quiz.current_version
        doc, problems = parse_quiz("quiz.yaml", version.source_text)
        assert problems == []
        return version.number, version.origin, doc


def _versions(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(QuizVersion))


def _copy(tmp_path, name):
    path = tmp_path / Path(name).name
    shutil.copy(GIFT / name, path)
    return path


def test_export_prints_gift_that_reads_back_as_the_same_questions(app, runner, loaded):
    result = runner.invoke(args=["gift", "export", "sample"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("// yorisoi-id: first\n")
    assert "note:" not in result.stdout
    assert "note: the quiz settings (module 'sample', pass mark 60%" in result.stderr
    back = import_gift("sample.gift", result.stdout)
    assert back.complete, back.messages()
    assert back.questions == _quiz(app)[2].questions
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "gift.export"))
        assert event.target_name == "sample"
        assert event.details["questions"][-1] == "window-and-role"


def test_export_of_a_module_without_a_quiz_or_no_module_says_so(runner, loaded):
    no_quiz = runner.invoke(args=["gift", "export", "commissioners-only"])
    assert no_quiz.exit_code == 1 and "has no quiz" in no_quiz.stderr
    missing = runner.invoke(args=["gift", "export", "nothing-here"])
    assert missing.exit_code == 1 and "No published module has the slug" in missing.stderr


def test_import_adds_the_questions_and_publishes_a_version(app, runner, loaded, tmp_path):
    path = _copy(tmp_path, "choice.gift")
    result = runner.invoke(args=["gift", "import", str(path), "--module", "sample"])
    assert result.exit_code == 0, result.output
    assert "Added 4 question(s) to the quiz of 'sample' (quiz version 2):" in result.stdout
    assert (
        "  first-contact (single): 最初の相談で、まず大切にしたいことはどれですか。"
        in result.stdout
    )
    # What the conversion did is said, line by line.
    assert f"{path}:30: changed: id 'q-04' (no ::title::)" in result.stderr
    number, origin, quiz = _quiz(app)
    assert (number, origin) == (2, "file")
    keys = [q.key for q in quiz.questions]
    assert keys == [
        "first",
        "second",
        "third",
        "fourth",
        "window-and-role",
        "first-contact",
        "first-contact-2",
        "q-03",
        "q-04",
    ]
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "gift.import"))
        assert event.details["quiz_version"] == 2
        assert event.details["questions"] == keys[5:]

    # Importing the same file again keeps every id unique.
    again = runner.invoke(args=["gift", "import", str(path), "--module", "sample"])
    assert again.exit_code == 0, again.output
    assert "id 'first-contact-3': the quiz already has a question 'first-contact'" in again.stderr
    assert [q.key for q in _quiz(app)[2].questions][9:] == [
        "first-contact-3",
        "first-contact-2-2",
        "q-03-2",
        "q-04-2",
    ]


def test_a_dry_run_prints_the_same_and_saves_nothing(app, runner, loaded, tmp_path):
    path = _copy(tmp_path, "multiple-answer.gift")
    before = _versions(app)
    result = runner.invoke(args=["gift", "import", str(path), "--module", "sample", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would add 2 question(s) to the quiz of 'sample':" in result.stdout
    assert "  household (multiple):" in result.stdout
    assert "Dry run: nothing saved." in result.stdout
    assert _versions(app) == before
    with app.app_context():
        assert (
            db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "gift.import"))
            is None
        )


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("broken/unclosed-brace.gift", [], ":5: "),
        ("unsupported.gift", [], "unsupported.gift:4: unsupported: an essay question"),
        ("true-false.gift", [], "true-false.gift:9: missing: question 'long-false' has no"),
        ("broken/many-problems.gift", ["--dry-run"], "many-problems.gift:"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_every_line(
    app, runner, loaded, tmp_path, name, options, expected
):
    path = _copy(tmp_path, name)
    before = _versions(app)
    result = runner.invoke(args=["gift", "import", str(path), "--module", "sample", *options])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "refused; nothing was imported." in result.stderr
    lines = [
        line
        for line in result.stderr.splitlines()
        if line.startswith(str(path) + ":") and "refused;" not in line
    ]
    assert len(lines) >= 2 or name == "broken/unclosed-brace.gift"
    assert all(line.split(":")[1].isdigit() for line in lines)
    assert _versions(app) == before


def test_unsupported_questions_can_be_skipped_and_are_listed(app, runner, loaded, tmp_path):
    path = _copy(tmp_path, "unsupported.gift")
    result = runner.invoke(
        args=["gift", "import", str(path), "--module", "sample", "--skip-unsupported"]
    )
    assert result.exit_code == 0, result.output
    assert "Added 1 question(s)" in result.stdout and "  kept (single):" in result.stdout
    assert f"{path}:4: skipped: an essay question" in result.stderr
    assert [q.key for q in _quiz(app)[2].questions][-1] == "kept"


def test_import_into_an_unknown_module_is_refused(runner, loaded, tmp_path):
    path = _copy(tmp_path, "choice.gift")
    result = runner.invoke(args=["gift", "import", str(path), "--module", "nothing-here"])
    assert result.exit_code == 1 and "No published module has the slug" in result.stderr
