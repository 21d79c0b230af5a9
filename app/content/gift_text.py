"""GIFT's escapes and text formats, shared by the parser and the writer.

GIFT gives `~ = # { } :` a meaning; a backslash makes them plain text (`\\~`), `\\\\` is a
backslash and `\\n` a line break. The parser hides escaped characters behind private-use
code points, one for one, so that structure is found on the hidden text without ever
matching an escaped sign, while every character keeps its position (and so its line).
"""

from dataclasses import dataclass

# Moodle's names for the formats a text may announce with a `[name]` prefix.
FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"
ESCAPABLE = "\\~=#{}:"
_HIDDEN = 0xF0000  # Supplementary Private Use Area-A: never in real question text


@dataclass(frozen=True)
class GiftText:
    """A text as GIFT gives it: escapes undone, and the format it was written in."""

    text: str
    format: str = DEFAULT_FORMAT


def _escape_at(raw: str, i: int) -> str | None:
    """The character escaped by a backslash at `i`, or None if `raw[i]` starts no escape."""
    following = raw[i + 1 : i + 2]
    if raw[i] == "\\" and following and (following in ESCAPABLE or following == "n"):
        return "\n" if following == "n" else following
    return None


def hide_escapes(raw: str) -> tuple[str, list[int]]:
    """`raw` with every escape (`\\~`, `\\n`…) as one hidden character, and for each character
    of the result its index in `raw` (to find its line).

    A backslash before any other character is kept as it is, as Moodle does.
    """
    out: list[str] = []
    positions: list[int] = []
    i = 0
    while i < len(raw):
        escaped = _escape_at(raw, i)
        out.append(raw[i] if escaped is None else chr(_HIDDEN + ord(escaped)))
        positions.append(i)
        i += 1 if escaped is None else 2
    return "".join(out), positions


def reveal(hidden: str) -> str:
    """The text a reader sees: hidden characters back to what they stand for."""
    return "".join(
        chr(ord(char) - _HIDDEN) if _HIDDEN <= ord(char) < _HIDDEN + 128 else char
        for char in hidden
    )


def formatted(hidden: str, default: str = DEFAULT_FORMAT) -> GiftText:
    """Read an optional `[html]`-style prefix; without one the text has `default`'s format."""
    text = hidden.strip()
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            return GiftText(reveal(text[end + 1 :]).strip(), text[1:end])
    return GiftText(reveal(text).strip(), default)


def escape(text: str) -> str:
    """Write `text` so that GIFT reads it back unchanged (Moodle's own escaping)."""
    out = text.replace("\r", "")
    out = out.replace("\\", "\\\\")
    for char in "~=#{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def starts_with_format(text: str) -> bool:
    """Would a reader take the start of `text` for a format prefix such as `[html]`?"""
    return any(text.startswith(f"[{name}]") for name in FORMATS)


def escape_comment(value: str) -> str:
    """A value on one `//` line: only backslashes and line breaks need escaping there."""
    return value.replace("\r", "").replace("\\", "\\\\").replace("\n", "\\n")


def unescape_comment(value: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in "\\n":
            out.append("\n" if value[i + 1] == "n" else "\\")
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def weight_text(percent: float) -> str:
    """A weight as Moodle writes one: up to 5 decimals, no trailing zeros (33.33333, 50)."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")
