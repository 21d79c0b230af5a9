"""The editor's fields and the file text: text → fields → text is stable, the shipped files
come back as they are, and what a trainer types survives the round trip."""

from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from app.content.module_files import parse_module
from app.content.quiz_files import parse_quiz
from app.services.authoring.fields import (
    ModuleFields,
    ObjectiveFields,
    OptionFields,
    PairFields,
    QuestionFields,
    QuizFields,
    module_action,
    module_fields_from_form,
    module_form_data,
    quiz_action,
    quiz_fields_from_form,
    quiz_form_data,
    read_module_fields,
    read_quiz_fields,
)
from app.services.authoring.file_text import module_text, quiz_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "modules").glob("*.md")) + sorted((ROOT / "quizzes").glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "content").rglob("*.*"))


def _round_trip(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return text, module_text(read_module_fields(text))
    return text, quiz_text(read_quiz_fields(text))


@pytest.mark.parametrize("path", SHIPPED + FIXTURES, ids=lambda p: p.name)
def test_text_fields_text_is_stable_and_means_the_same(path):
    original, written = _round_trip(path)
    if path.suffix == ".md":
        again = module_text(read_module_fields(written))
        before, _ = parse_module(path.name, original)
        after, _ = parse_module(path.name, written)
        assert replace(after, source_text="", content_hash="") == replace(
            before, source_text="", content_hash=""
        )
    else:
        again = quiz_text(read_quiz_fields(written))
        before, _ = parse_quiz(path.name, original)
        after, _ = parse_quiz(path.name, written)
        assert after.questions == before.questions
        assert (after.pass_mark, after.max_attempts, after.shuffle) == (
            before.pass_mark,
            before.max_attempts,
            before.shuffle,
        )
    assert again == written


def test_the_shipped_files_come_back_byte_for_byte():
    # The files are kept in the editor's own layout, so a trainer's first save in the browser
    # changes only what they changed.
    differ = {path.name for path in SHIPPED if _round_trip(path)[0] != _round_trip(path)[1]}
    assert differ == set()


ODD = [
    "コロン: のある文",
    "# で始まる",
    "- で始まる",
    "'引用符' で始まる",
    '"二重引用符"',
    "15.4%",
    "100",
    "yes",
    "null",
    "~",
    "[括弧]",
    "{波括弧}",
    "末尾に #ハッシュ",
    "一行目\n\n三行目",
    "一行目\n  字下げした二行目",
    "タブ\tを含む",
    "改行\u2028のような文字",
    "絵文字😀",
    "",
]


@pytest.mark.parametrize("value", ODD)
def test_whatever_is_typed_comes_back_as_it_was(value):
    question = QuestionFields(
        id="q-01",
        type="scenario",
        prompt=value,
        scenario=value,
        options=(OptionFields(value, True, value), OptionFields("b", False, value)),
        explanation=value,
        source=value,
    )
    quiz = QuizFields(module="sample", pass_mark="80", questions=(question,))
    assert read_quiz_fields(quiz_text(quiz)) == quiz
    module = ModuleFields(
        slug="sample",
        title=value,
        audiences=("all",),
        order="1",
        minutes="5",
        summary=value,
        objectives=(ObjectiveFields(value, value),),
        sources=(value,),
        body="## 見出し\n\n本文\n",
    )
    assert read_module_fields(module_text(module)) == module


def test_a_number_typed_as_words_stays_words_and_the_parser_names_it():
    fields = ModuleFields(slug="sample", title="題", order="一", minutes="5分")
    text = module_text(fields)
    assert read_module_fields(text) == fields
    _doc, problems = parse_module("m.md", text)
    assert "minutes: a whole number from 1 to 9999" in {p.message for p in problems}
    assert "order: a whole number from 1 to 9999" in {p.message for p in problems}


def test_the_form_and_the_fields_agree():
    text = (ROOT / "tests/fixtures/content/quizzes/sample.yaml").read_text(encoding="utf-8")
    quiz = read_quiz_fields(text)
    assert quiz_fields_from_form(MultiDict(quiz_form_data(quiz)), "sample") == quiz
    module = read_module_fields(
        (ROOT / "modules/01-what-is-hikikomori.md").read_text(encoding="utf-8")
    )
    data = MultiDict(
        [(k, v) for k, values in module_form_data(module).items() for v in _listed(values)]
    )
    assert module_fields_from_form(data, module.slug) == module


def _listed(value):
    return value if isinstance(value, list) else [value]


def test_blank_module_rows_are_dropped_but_a_quizs_blank_rows_are_kept_to_fill_in():
    form = MultiDict(
        {
            "title": "題",
            "sources-0": "G 2",
            "sources-1": "  ",
            "objectives-0-text": "",
            "objectives-0-source": "",
            "questions-0-id": "q-01",
            "questions-0-options-0-text": "",
            "questions-0-options-0-feedback": "",
        }
    )
    assert module_fields_from_form(form, "s").sources == ("G 2",)
    assert module_fields_from_form(form, "s").objectives == ()
    (question,) = quiz_fields_from_form(form, "s").questions
    assert question.id == "q-01" and question.options == (OptionFields("", False, ""),)


def test_the_editor_buttons_add_remove_and_move():
    quiz = QuizFields(module="s")
    quiz = quiz_action(quiz, "add:questions:single")
    quiz = quiz_action(quiz, "add:questions:matching")
    quiz = quiz_action(quiz, "add:questions:true_false")
    assert [(q.id, q.type) for q in quiz.questions] == [
        ("q-01", "single"),
        ("q-02", "matching"),
        ("q-03", "true_false"),
    ]
    assert [o.text for o in quiz.questions[2].options] == ["正しい", "誤り"]
    assert quiz.questions[1].pairs == (PairFields(), PairFields())
    quiz = quiz_action(quiz, "up:questions-2")
    assert [q.id for q in quiz.questions] == ["q-01", "q-03", "q-02"]
    quiz = quiz_action(quiz, "remove:questions-0")
    assert quiz_action(quiz, "add:questions:single").questions[-1].id == "q-04"
    quiz = quiz_action(quiz, "add:questions-1-distractors")
    quiz = quiz_action(quiz, "remove:questions-1-pairs-0")
    assert len(quiz.questions[1].pairs) == 1 and len(quiz.questions[1].distractors) == 1
    assert quiz_action(quiz, "down:questions-1") == quiz  # already last
    for bad in ("add:questions:essay", "remove:questions-9", "drop:questions-0", "remove:x"):
        with pytest.raises(ValueError):
            quiz_action(quiz, bad)
    module = module_action(ModuleFields(slug="s", sources=("G 2",)), "add:sources")
    assert module.sources == ("G 2", "")
    assert module_action(module, "up:sources-1").sources == ("", "G 2")
    with pytest.raises(ValueError):
        module_action(module, "remove:objectives-3")
