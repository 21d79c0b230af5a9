"""YAML parsing that remembers the line of every key and item, for error messages."""

from typing import Any

import yaml

from app.content.messages import Msg
from app.content.problems import Problem

Path = tuple[str | int, ...]


class LineIndex:
    def __init__(self, lines: dict[Path, int], first_line: int):
        self._lines = lines
        self._first = first_line

    def of(self, *path: str | int) -> int:
        """The line of `path`, or of its nearest ancestor that exists."""
        key: Path = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._first

    def path_at(self, line: int) -> Path | None:
        """The deepest key or item that starts on `line` (None when none does): the field a
        problem reported on that line is about."""
        found = [path for path, at in self._lines.items() if at == line]
        return max(found, key=len) if found else None


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, LineIndex, list[Problem]]:
    """Parse `text`; line numbers are shifted by `line_offset` (front matter inside a file)."""
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path, line, Msg("YAML syntax error: %(reason)s", reason=reason)))
        return None, LineIndex({}, 1 + line_offset), problems
    lines: dict[Path, int] = {}
    if node is not None:
        _walk(node, (), lines, line_offset, path, problems)
    return data, LineIndex(lines, 1 + line_offset), problems


def _walk(
    node: yaml.Node,
    here: Path,
    lines: dict[Path, int],
    offset: int,
    path: str,
    problems: list[Problem],
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                problems.append(Problem(path, line, Msg("duplicate key '%(key)s'", key=key)))
            seen.add(key)
            lines[here + (key,)] = line
            _walk(value_node, here + (key,), lines, offset, path, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[here + (index,)] = item.start_mark.line + 1 + offset
            _walk(item, here + (index,), lines, offset, path, problems)
