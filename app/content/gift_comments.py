"""What Yorisoi keeps in `//` comments of a GIFT file: the fields GIFT has no place for.

Moodle skips comment lines, so a quiz exported with them still imports into Moodle, and
reading them back gives the same Yorisoi questions. One line a field: `// key: value`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.content.gift_parser import GiftComment
from app.content.gift_text import escape_comment, unescape_comment
from app.content.messages import Msg
from app.content.problems import Problem

ID = "yorisoi-id"
TYPE = "yorisoi-type"  # only where the GIFT shape alone would give another type
SOURCE = "source"
SCENARIO = "scenario"  # its presence makes a one-answer question a `scenario`
PAIR_FEEDBACK = "pair-feedback-"  # + the pair's number, from 1
EXTRA_FEEDBACK = "extra-feedback-"  # + the number of the extra answer (a distractor)

_FIELD = re.compile(r"^([a-z][a-z0-9-]*):\s?(.*)$")
_KNOWN = re.compile(rf"^({ID}|{TYPE}|{SOURCE}|{SCENARIO}|{PAIR_FEEDBACK}\d+|{EXTRA_FEEDBACK}\d+)$")


@dataclass(frozen=True)
class CommentField:
    line: int
    value: str


def comment_line(key: str, value: str) -> str:
    return f"// {key}: {escape_comment(value)}"


def read_fields(
    path: str, comments: Iterable[GiftComment], problems: list[Problem]
) -> dict[str, CommentField]:
    """The Yorisoi fields among a question's comments; any other comment is a note, skipped."""
    fields: dict[str, CommentField] = {}
    for comment in comments:
        found = _FIELD.match(comment.text)
        if not found or not _KNOWN.match(found.group(1)):
            continue
        key, value = found.group(1), unescape_comment(found.group(2)).strip()
        if key in fields:
            problems.append(
                Problem(
                    path,
                    comment.line,
                    Msg(
                        "'// %(key)s:' is given twice (also line %(line)s)",
                        key=key,
                        line=fields[key].line,
                    ),
                )
            )
            continue
        fields[key] = CommentField(comment.line, value)
    return fields
