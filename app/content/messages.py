"""Messages the content layer reports, in English, that the web layer can translate.

The content layer has no Flask or Babel (`content check` runs without an app), so a message
carries its English template and its parameters: `Msg("missing field '%(name)s'",
name="audiences")`. It *is* the English string (a `str` subclass), so the command line, the
sorting of problems, `==`, f-strings and the field mapping that reads quoted names all keep
working unchanged; app/author/problem_text.py translates the template and fills in the same
parameters for a page. Parameters are content (field names, ids, the file's own text) and
stay as written; a parameter that is itself a Msg is translated too.

`Msg(...)` and `N_(...)` are extraction keywords (scripts/translations.py): a template must
be a literal string in the call, so that it reaches the catalogue.
"""

from typing import Any


class Msg(str):
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> "Msg":
        made = super().__new__(cls, template % params)
        made.template = template
        made.params = params
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would rebuild from the English text, as a template.
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Msg:
    return Msg(template, **params)


def N_(template: str) -> str:
    """Marks a template for the catalogue where it is written apart from its Msg()."""
    return template


def joined(parts: list[Msg]) -> Msg | str:
    """Parts joined into one message, each still translatable ("; " between, in English)."""
    if not parts:
        return ""
    message = parts[-1]
    for part in reversed(parts[:-1]):
        message = Msg("%(first)s; %(rest)s", first=part, rest=message)
    return message


def located(path: str, line: int, message: str) -> Msg:
    """`FILE:line: message`, the message still translatable (GIFT import's list)."""
    return Msg("%(path)s:%(line)s: %(message)s", path=path, line=line, message=message)
