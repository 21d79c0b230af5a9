"""The editor's form fields, read from a module's or a quiz's file text and from a form.

A draft is file text (app/models/drafts.py); the editor shows it as fields and writes the
fields back with file_text.py, so that text → fields → text is stable. Reading is tolerant:
a draft may be invalid while it is being written, and its fields must still be shown. Every
value is kept as text (numbers too), so that what a trainer typed is never lost on the way;
the parser says what is wrong with it.

Form field names follow the file's structure, joined by '-': `title`, `objectives-0-text`,
`sources-1`, `body`; `pass_mark`, `questions-2-prompt`, `questions-2-options-1-correct`,
`questions-3-pairs-0-answer`, `questions-3-distractors-0-feedback`. A problem's YAML path
maps to the same names (see drafts.py).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import yaml

from app.content.documents import QuestionDoc
from app.content.question_types import QUESTION_TYPES

TRUE_TEXT, FALSE_TEXT = "正しい", "誤り"


@dataclass(frozen=True)
class ObjectiveFields:
    text: str = ""
    source: str = ""


@dataclass(frozen=True)
class ModuleFields:
    """The front matter of modules/NN-slug.md as fields, and its Markdown body."""

    slug: str
    title: str = ""
    audiences: tuple[str, ...] = ()  # ("all",) for everyone
    order: str = ""
    minutes: str = ""
    summary: str = ""
    objectives: tuple[ObjectiveFields, ...] = ()
    sources: tuple[str, ...] = ()
    body: str = ""


@dataclass(frozen=True)
class OptionFields:
    text: str = ""
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class PairFields:
    prompt: str = ""
    answer: str = ""
    feedback: str = ""


@dataclass(frozen=True)
class DistractorFields:
    text: str = ""
    feedback: str = ""


@dataclass(frozen=True)
class QuestionFields:
    id: str
    type: str = "single"
    prompt: str = ""
    scenario: str = ""
    options: tuple[OptionFields, ...] = ()
    pairs: tuple[PairFields, ...] = ()
    distractors: tuple[DistractorFields, ...] = ()
    explanation: str = ""
    source: str = ""


@dataclass(frozen=True)
class QuizFields:
    module: str
    pass_mark: str = "80"
    max_attempts: str = ""  # "" for no limit
    shuffle: bool = False
    questions: tuple[QuestionFields, ...] = field(default=())


# --- reading file text -----------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _mapping(value: Any) -> Mapping:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list:
    return value if isinstance(value, list) else []


class ModuleTextParts(NamedTuple):
    front: str  # the YAML between the '---' lines
    body: str  # normalised (normalise_body)
    fence_line: int  # the closing '---' line, 1-based
    body_start: int  # the body's first line in the file, 1-based


def split_module_text(text: str) -> ModuleTextParts | None:
    """The parts of a module's file text, or None when it has no front matter between
    '---' lines."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return None
    rest = lines[end + 1 :]
    skipped = 0
    while skipped < len(rest) and not rest[skipped].strip():
        skipped += 1
    body = normalise_body("\n".join(rest[skipped:]))
    return ModuleTextParts("\n".join(lines[1:end]), body, end + 1, end + 2 + skipped)


def normalise_body(body: str) -> str:
    """One kind of line ending (a browser sends CRLF), no blank lines around, one newline at
    the end: the body as the file holds it."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    body = re.sub(r"\A(?:[ \t]*\n)+", "", body)
    body = re.sub(r"\s+\Z", "", body)
    return body + "\n" if body else ""


def _safe_load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def read_module_fields(text: str, slug: str = "") -> ModuleFields | None:
    """The fields of a module's file text; None when it has no readable front matter."""
    split = split_module_text(text)
    if split is None:
        return None
    meta = _safe_load(split.front)
    if not isinstance(meta, dict):
        return None
    raw_audiences = meta.get("audiences")
    audiences: tuple[str, ...]
    if isinstance(raw_audiences, list):
        audiences = tuple(_text(code) for code in raw_audiences)
    elif raw_audiences in (None, ""):
        audiences = ()
    else:
        audiences = (_text(raw_audiences),)
    return ModuleFields(
        slug=_text(meta.get("slug")) or slug,
        title=_text(meta.get("title")),
        audiences=audiences,
        order=_text(meta.get("order")),
        minutes=_text(meta.get("minutes")),
        summary=_text(meta.get("summary")),
        objectives=tuple(
            ObjectiveFields(_text(_mapping(o).get("text")), _text(_mapping(o).get("source")))
            if isinstance(o, dict)
            else ObjectiveFields(_text(o))
            for o in _items(meta.get("objectives"))
        ),
        sources=tuple(_text(source) for source in _items(meta.get("sources"))),
        body=split.body,
    )


def read_quiz_fields(text: str, slug: str = "") -> QuizFields | None:
    """The fields of a quiz's file text; None when it is not a YAML mapping."""
    data = _safe_load(text)
    if not isinstance(data, dict):
        return None
    return QuizFields(
        module=_text(data.get("module")) or slug,
        pass_mark=_text(data.get("pass_mark")),
        max_attempts=_text(data.get("max_attempts")),
        shuffle=data.get("shuffle") is True,
        questions=tuple(
            _question(_mapping(raw), number)
            for number, raw in enumerate(_items(data.get("questions")), start=1)
        ),
    )


def _question(raw: Mapping, number: int) -> QuestionFields:
    return QuestionFields(
        id=_text(raw.get("id")),
        type=_text(raw.get("type")),
        prompt=_text(raw.get("prompt")),
        scenario=_text(raw.get("scenario")),
        options=tuple(
            OptionFields(
                _text(_mapping(o).get("text")),
                _mapping(o).get("correct") is True,
                _text(_mapping(o).get("feedback")),
            )
            for o in _items(raw.get("options"))
        ),
        pairs=tuple(
            PairFields(
                _text(_mapping(p).get("prompt")),
                _text(_mapping(p).get("answer")),
                _text(_mapping(p).get("feedback")),
            )
            for p in _items(raw.get("pairs"))
        ),
        distractors=tuple(
            DistractorFields(_text(_mapping(d).get("text")), _text(_mapping(d).get("feedback")))
            for d in _items(raw.get("distractors"))
        ),
        explanation=_text(raw.get("explanation")),
        source=_text(raw.get("source")),
    )


def question_fields(doc: QuestionDoc) -> QuestionFields:
    """A validated question (from a quiz file, or a GIFT import) as the editor's fields."""
    if doc.pairs:
        return QuestionFields(
            id=doc.key,
            type=doc.type,
            prompt=doc.prompt,
            scenario=doc.scenario or "",
            pairs=tuple(PairFields(p.prompt, p.answer, p.feedback) for p in doc.pairs),
            distractors=tuple(DistractorFields(d.text, d.feedback) for d in doc.distractors),
            explanation=doc.explanation,
            source=doc.source,
        )
    return QuestionFields(
        id=doc.key,
        type=doc.type,
        prompt=doc.prompt,
        scenario=doc.scenario or "",
        options=tuple(OptionFields(o.text, o.correct, o.feedback) for o in doc.options),
        explanation=doc.explanation,
        source=doc.source,
    )


# --- forms -----------------------------------------------------------------------------


def _indexes(form: Mapping, prefix: str) -> list[int]:
    """The item numbers present in `form` under `prefix-<n>-…` (or `prefix-<n>`), in order."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d{{1,4}})(?:-|$)")
    return sorted({int(m.group(1)) for name in form if (m := pattern.match(name))})


def _value(form: Mapping, name: str) -> str:
    value = form.get(name, "")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else ""


def _number(form: Mapping, name: str) -> str:
    """A number field as typed; full-width digits (「１５」, what a Japanese keyboard gives
    by default) read as the digits they are."""
    return unicodedata.normalize("NFKC", _value(form, name))


def _checked(form: Mapping, name: str) -> bool:
    return _value(form, name).lower() not in ("", "0", "false", "off", "no")


def _getlist(form: Mapping, name: str) -> list[str]:
    if hasattr(form, "getlist"):
        return [str(v) for v in form.getlist(name)]
    value = form.get(name)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)] if value else []


def module_fields_from_form(form: Mapping, slug: str) -> ModuleFields:
    """The module fields a form sent (see the names above). Rows left wholly blank (an
    objective or a source) are dropped; `slug` is the module's, whatever the form says."""
    objectives = tuple(
        o
        for n in _indexes(form, "objectives")
        if (
            o := ObjectiveFields(
                _value(form, f"objectives-{n}-text"), _value(form, f"objectives-{n}-source")
            )
        )
        != ObjectiveFields()
    )
    sources = tuple(s for n in _indexes(form, "sources") if (s := _value(form, f"sources-{n}")))
    # Kept as ticked, even everyone with single audiences: the check names that as a problem
    # beside the field rather than quietly choosing everyone for the trainer.
    audiences = tuple(a.strip() for a in _getlist(form, "audiences") if a.strip())
    body = form.get("body", "")
    return ModuleFields(
        slug=slug,
        title=_value(form, "title"),
        audiences=audiences,
        order=_number(form, "order"),
        minutes=_number(form, "minutes"),
        summary=_value(form, "summary"),
        objectives=objectives,
        sources=sources,
        body=normalise_body(body if isinstance(body, str) else ""),
    )


def quiz_fields_from_form(form: Mapping, slug: str) -> QuizFields:
    """The quiz fields a form sent, every row kept however blank: a trainer adds three
    options and fills them in afterwards, so a blank row is work in progress (the check
    names it, and it blocks publishing), not something to throw away on the next save."""
    questions = []
    for n in _indexes(form, "questions"):
        at = f"questions-{n}"
        options = tuple(
            OptionFields(
                _value(form, f"{at}-options-{i}-text"),
                _checked(form, f"{at}-options-{i}-correct"),
                _value(form, f"{at}-options-{i}-feedback"),
            )
            for i in _indexes(form, f"{at}-options")
        )
        pairs = tuple(
            PairFields(
                _value(form, f"{at}-pairs-{i}-prompt"),
                _value(form, f"{at}-pairs-{i}-answer"),
                _value(form, f"{at}-pairs-{i}-feedback"),
            )
            for i in _indexes(form, f"{at}-pairs")
        )
        distractors = tuple(
            DistractorFields(
                _value(form, f"{at}-distractors-{i}-text"),
                _value(form, f"{at}-distractors-{i}-feedback"),
            )
            for i in _indexes(form, f"{at}-distractors")
        )
        questions.append(
            QuestionFields(
                id=_value(form, f"{at}-id"),
                type=_value(form, f"{at}-type"),
                prompt=_value(form, f"{at}-prompt"),
                scenario=_value(form, f"{at}-scenario"),
                options=options,
                pairs=pairs,
                distractors=distractors,
                explanation=_value(form, f"{at}-explanation"),
                source=_value(form, f"{at}-source"),
            )
        )
    return QuizFields(
        module=slug,
        pass_mark=_number(form, "pass_mark"),
        max_attempts=_number(form, "max_attempts"),
        shuffle=_checked(form, "shuffle"),
        questions=tuple(questions),
    )


FormData = dict[str, str | list[str]]


def module_form_data(fields: ModuleFields) -> FormData:
    """The form values that show `fields` (and that module_fields_from_form reads back)."""
    data: FormData = {
        "title": fields.title,
        "audiences": list(fields.audiences),
        "order": fields.order,
        "minutes": fields.minutes,
        "summary": fields.summary,
        "body": fields.body,
    }
    for n, objective in enumerate(fields.objectives):
        data[f"objectives-{n}-text"] = objective.text
        data[f"objectives-{n}-source"] = objective.source
    for n, source in enumerate(fields.sources):
        data[f"sources-{n}"] = source
    return data


def quiz_form_data(fields: QuizFields) -> FormData:
    """The form values that show `fields`; a checkbox that is not ticked is left out."""
    data: FormData = {"pass_mark": fields.pass_mark, "max_attempts": fields.max_attempts}
    if fields.shuffle:
        data["shuffle"] = "y"
    for n, q in enumerate(fields.questions):
        at = f"questions-{n}"
        for name in ("id", "type", "prompt", "scenario", "explanation", "source"):
            data[f"{at}-{name}"] = getattr(q, name)
        for i, option in enumerate(q.options):
            data[f"{at}-options-{i}-text"] = option.text
            data[f"{at}-options-{i}-feedback"] = option.feedback
            if option.correct:
                data[f"{at}-options-{i}-correct"] = "y"
        for i, pair in enumerate(q.pairs):
            data[f"{at}-pairs-{i}-prompt"] = pair.prompt
            data[f"{at}-pairs-{i}-answer"] = pair.answer
            data[f"{at}-pairs-{i}-feedback"] = pair.feedback
        for i, extra in enumerate(q.distractors):
            data[f"{at}-distractors-{i}-text"] = extra.text
            data[f"{at}-distractors-{i}-feedback"] = extra.feedback
    return data


# --- adding, removing and moving questions and their parts ---------------------------------


def new_question_id(taken: Iterable[str]) -> str:
    """A readable id no other question of the quiz has: q-01, q-02, …"""
    used = set(taken)
    number = len(used) + 1
    while f"q-{number:02d}" in used:
        number += 1
    return f"q-{number:02d}"


def new_question(kind: str, taken: Iterable[str]) -> QuestionFields:
    """An empty question of type `kind`, with a fresh id and the parts its type needs."""
    key = new_question_id(taken)
    question_type = QUESTION_TYPES.get(kind)
    if question_type is None:
        raise ValueError(f"unknown question type {kind!r}")
    if question_type.uses_pairs:
        return QuestionFields(id=key, type=kind, pairs=(PairFields(), PairFields()))
    options: tuple[OptionFields, ...]
    if kind == "true_false":
        options = (OptionFields(TRUE_TEXT), OptionFields(FALSE_TEXT))
    else:
        options = (OptionFields(), OptionFields(), OptionFields())
    return QuestionFields(id=key, type=kind, options=options)


_ACTION = re.compile(
    r"^(?P<verb>add|remove|up|down):questions"
    r"(?:-(?P<question>\d{1,4})(?:-(?P<part>options|pairs|distractors)(?:-(?P<item>\d{1,4}))?)?)?"
    r"(?::(?P<kind>[a-z_]+))?$"
)
_MODULE_ACTION = re.compile(
    r"^(?P<verb>add|remove|up|down):(?P<list>objectives|sources)(?:-(?P<item>\d{1,4}))?$"
)


def _edited(items: tuple, verb: str, index: int | None, new: object) -> tuple:
    if verb == "add":
        return (*items, new)
    if index is None or not 0 <= index < len(items):
        raise ValueError("no such item")
    if verb == "remove":
        return items[:index] + items[index + 1 :]
    to = index - 1 if verb == "up" else index + 1
    if not 0 <= to < len(items):
        return items
    moved = list(items)
    moved[index], moved[to] = moved[to], moved[index]
    return tuple(moved)


def quiz_action(fields: QuizFields, action: str) -> QuizFields:
    """Apply one of the quiz editor's structural buttons to `fields`.

    `action` is `verb:target`: `add:questions:matching` (a new question of that type),
    `remove:questions-2`, `up:questions-2`, `down:questions-2`, `add:questions-2-options`,
    `remove:questions-2-options-1`, `up:…`/`down:…` likewise for options, pairs and
    distractors. Raises ValueError for anything else.
    """
    found = _ACTION.match(action)
    if found is None:
        raise ValueError(f"unknown action {action!r}")
    verb, question, part, item = (found.group(g) for g in ("verb", "question", "part", "item"))
    if part is None:
        if verb == "add":
            if question is not None:
                raise ValueError("add:questions takes a type, not a number")
            new = new_question(found.group("kind") or "single", (q.id for q in fields.questions))
            return replace(fields, questions=(*fields.questions, new))
        if question is None:
            raise ValueError("which question?")
        return replace(fields, questions=_edited(fields.questions, verb, int(question), None))
    index = int(question)
    if not 0 <= index < len(fields.questions):
        raise ValueError("no such question")
    target = fields.questions[index]
    blank = {"options": OptionFields(), "pairs": PairFields(), "distractors": DistractorFields()}
    if verb == "add" and item is not None:
        raise ValueError("add takes no item number")
    items = _edited(getattr(target, part), verb, None if item is None else int(item), blank[part])
    if part == "options":
        changed = replace(target, options=items)
    elif part == "pairs":
        changed = replace(target, pairs=items)
    else:
        changed = replace(target, distractors=items)
    questions = list(fields.questions)
    questions[index] = changed
    return replace(fields, questions=tuple(questions))


def module_action(fields: ModuleFields, action: str) -> ModuleFields:
    """Add, remove or move an objective or a source: `add:objectives`, `remove:sources-1`,
    `up:objectives-2`. Raises ValueError for anything else."""
    found = _MODULE_ACTION.match(action)
    if found is None:
        raise ValueError(f"unknown action {action!r}")
    name, item = found.group("list"), found.group("item")
    if found.group("verb") == "add" and item is not None:
        raise ValueError("add takes no item number")
    at = None if item is None else int(item)
    if name == "objectives":
        return replace(
            fields,
            objectives=_edited(fields.objectives, found.group("verb"), at, ObjectiveFields()),
        )
    return replace(fields, sources=_edited(fields.sources, found.group("verb"), at, ""))


def is_action(action: str) -> bool:
    """Whether `action` is one of the editors' buttons (quiz_action's or module_action's
    words), whatever item it names. A form drops rows left blank, so a button may name a
    row that is no longer there: the page then has nothing to do, which is no error."""
    return bool(_ACTION.match(action) or _MODULE_ACTION.match(action))
