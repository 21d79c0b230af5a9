import shutil
from pathlib import Path

import pytest

from app.content import ContentError, load_library

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_the_fixture_library_loads(content):
    library = load_library(content)
    assert [m.slug for m in library.modules] == ["sample", "commissioners-only"]
    assert library.quiz_for("sample").pass_mark == 60


def test_a_quiz_for_a_missing_module_is_named_with_its_line(content):
    sample = (content / "quizzes" / "sample.yaml").read_text(encoding="utf-8")
    (content / "quizzes" / "ghost.yaml").write_text(
        sample.replace("module: sample", "module: ghost"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as raised:
        load_library(content)
    messages = [str(p) for p in raised.value.problems]
    assert messages == ["quizzes/ghost.yaml:1: no module has the slug 'ghost'"]


def test_problems_from_several_files_are_all_reported(content):
    module = content / "modules" / "01-sample.md"
    module.write_text(module.read_text().replace("audiences: all", "audiences: [x]"))
    quiz = content / "quizzes" / "sample.yaml"
    quiz.write_text(quiz.read_text().replace("type: multiple", "type: essay"))
    with pytest.raises(ContentError) as raised:
        load_library(content)
    assert {p.path for p in raised.value.problems} == {
        "modules/01-sample.md",
        "quizzes/sample.yaml",
    }


def test_the_real_curriculum_is_valid():
    root = Path(__file__).parents[2]
    library = load_library(root)
    # Every file on disk is in it, and every module has its quiz.
    assert len(library.modules) == len(list((root / "modules").glob("*.md"))) >= 11
    assert {quiz.module_slug for quiz in library.quizzes} == {m.slug for m in library.modules}
    assert library.glossary
