"""The editor's fields written back as the file text `content load` reads, deterministically.

The layout is the curriculum's own (modules/*.md, quizzes/*.yaml): keys in a fixed order, two
spaces of indentation, a blank line between questions, plain scalars where YAML reads them
back as the same text, double quotes where it would not (or where a value looks like a
number, or holds a ':' or '#'), `|` blocks for a case narrative and any text of several
lines. So the shipped files come back byte for byte, and text → fields → text is stable
(tests/author/test_file_text.py checks both).
"""

import json
import re
from functools import lru_cache

import yaml

from app.services.authoring.fields import ModuleFields, QuestionFields, QuizFields
from app.vocabulary import EVERYONE

# The first characters that make YAML read a plain scalar as something else.
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_NUMBER_LIKE = re.compile(r"^[-+]?[\d.,]+%?$")
# Line breaks YAML knows besides \n: a value holding one must be escaped.
_ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _loads_back(text: str, value: str) -> bool:
    try:
        return yaml.safe_load(text) == {"k": value}
    except yaml.YAMLError:
        return False


def _quoted(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    for character in ("\x85", "\u2028", "\u2029"):
        quoted = quoted.replace(character, f"\\u{ord(character):04x}")
    return quoted if _loads_back(f"k: {quoted}", value) else json.dumps(value)


# A draft is written again on every autosave, mostly with the same texts: each one is
# checked against the YAML reader once.
@lru_cache(maxsize=8192)
def _plain_ok(value: str) -> bool:
    return (
        value == value.strip()
        and value[0] not in _INDICATORS
        and ":" not in value
        and "#" not in value
        and not _NUMBER_LIKE.match(value)
        and value.isprintable()
        and _loads_back(f"k: {value}", value)
    )


@lru_cache(maxsize=2048)
def _block_ok(value: str) -> bool:
    if value[0].isspace() or any(b in value for b in _ODD_BREAKS) or value != value.rstrip():
        return False
    check = "k: |\n" + "".join(f"  {line}\n" if line else "\n" for line in value.split("\n"))
    return _loads_back(check, value + "\n")


def _block(value: str, indent: int) -> list[str] | None:
    """`value` as the lines of a `|` block indented by `indent`, if YAML reads it back."""
    if not _block_ok(value):
        return None
    return [" " * indent + line if line else "" for line in value.split("\n")]


def _field(key: str, value: str, indent: int, *, block: bool = False) -> list[str]:
    """`key: value` at `indent` spaces, as one line or a `|` block."""
    pad = " " * indent
    if value == "":
        return [f'{pad}{key}: ""']
    if block or "\n" in value:
        lines = _block(value, indent + 2)
        if lines is not None:
            return [f"{pad}{key}: |", *lines]
    return [f"{pad}{key}: {value if _plain_ok(value) else _quoted(value)}"]


def _item(value: str, indent: int) -> str:
    """A list item that is a plain string."""
    pad = " " * indent
    if value == "":
        return f'{pad}- ""'
    return f"{pad}- {value if _plain_ok(value) else _quoted(value)}"


def _whole_number(key: str, value: str, indent: int = 0) -> list[str]:
    """A number field: bare when it is a whole number as written, else quoted text (which the
    parser then names as the problem)."""
    if value.isascii() and value.isdigit() and str(int(value)) == value:
        return [f"{' ' * indent}{key}: {value}"]
    return _field(key, value, indent)


def _flag(key: str, value: bool, indent: int) -> str:
    return f"{' ' * indent}{key}: {'true' if value else 'false'}"


def _flow(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(v if _plain_ok(v) and "," not in v else _quoted(v) for v in values) + "]"


def module_text(fields: ModuleFields) -> str:
    """modules/NN-slug.md: the front matter from `fields`, then the body as it is."""
    lines = ["---", *_field("slug", fields.slug, 0), *_field("title", fields.title, 0)]
    if fields.audiences == (EVERYONE,):
        lines.append(f"audiences: {EVERYONE}")
    else:
        lines.append(f"audiences: {_flow(fields.audiences)}")
    lines += _whole_number("order", fields.order)
    lines += _whole_number("minutes", fields.minutes)
    lines += _field("summary", fields.summary, 0)
    lines.append("objectives:" if fields.objectives else "objectives: []")
    for objective in fields.objectives:
        first, *rest = _field("text", objective.text, 4)
        lines += ["  - " + first[4:], *rest, *_field("source", objective.source, 4)]
    lines.append("sources:" if fields.sources else "sources: []")
    lines += [_item(source, 2) for source in fields.sources]
    lines.append("---")
    text = "\n".join(lines) + "\n"
    return text + "\n" + fields.body if fields.body else text


def _question(question: QuestionFields) -> list[str]:
    first, *rest = _field("id", question.id, 4)
    lines = ["  - " + first[4:], *rest, *_field("type", question.type, 4)]
    if question.scenario or question.type == "scenario":
        lines += _field("scenario", question.scenario, 4, block=True)
    lines += _field("prompt", question.prompt, 4)
    # Every list that holds something is written, whatever the type: the parser names the
    # one that does not belong, and nothing typed is dropped by changing a question's type.
    if question.options or not question.pairs:
        lines.append("    options:" if question.options else "    options: []")
        for option in question.options:
            text, *more = _field("text", option.text, 8)
            lines += ["      - " + text[8:], *more, _flag("correct", option.correct, 8)]
            lines += _field("feedback", option.feedback, 8)
    if question.pairs or (question.type == "matching" and not question.options):
        lines.append("    pairs:" if question.pairs else "    pairs: []")
        for pair in question.pairs:
            prompt, *more = _field("prompt", pair.prompt, 8)
            lines += ["      - " + prompt[8:], *more, *_field("answer", pair.answer, 8)]
            lines += _field("feedback", pair.feedback, 8)
    if question.distractors:
        lines.append("    distractors:")
        for extra in question.distractors:
            text, *more = _field("text", extra.text, 8)
            lines += ["      - " + text[8:], *more, *_field("feedback", extra.feedback, 8)]
    lines += _field("explanation", question.explanation, 4)
    lines += _field("source", question.source, 4)
    return lines


def quiz_text(fields: QuizFields) -> str:
    """quizzes/slug.yaml from `fields`."""
    lines = [*_field("module", fields.module, 0), *_whole_number("pass_mark", fields.pass_mark)]
    if fields.max_attempts:
        lines += _whole_number("max_attempts", fields.max_attempts)
    lines.append(_flag("shuffle", fields.shuffle, 0))
    lines.append("questions:" if fields.questions else "questions: []")
    blocks = ["\n".join(_question(q)) for q in fields.questions]
    text = "\n".join(lines) + "\n"
    return text + "\n\n".join(blocks) + "\n" if blocks else text
