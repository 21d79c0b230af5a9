"""What a request may carry, read in one place: ids in paths, whole numbers and choices in
query strings and forms, and never a NUL byte.

Every id column is a PostgreSQL INTEGER, so an id above 2**31 - 1 can name nothing: the
`<id:…>` converter answers 404 for it before the database is asked (SQLite would fail with
an OverflowError, PostgreSQL with a numeric-range error). A number in a query string that is
not one, or is out of range, is a `BadParameter` (400) that names the parameter and what it
may be; pages for people may instead fall back to their own default (`page_number`).
"""

from collections.abc import Collection, Mapping

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BaseConverter, ValidationError

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every id column
MAX_ID_DIGITS = len(str(MAX_ID))


class IdConverter(BaseConverter):
    """`<id:name>`: a record id, 1 to MAX_ID. Anything else does not match the route (404).

    The regex bounds the digits first: int() itself refuses strings of more than 4,300.
    """

    regex = rf"\d{{1,{MAX_ID_DIGITS}}}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: object) -> str:
        return str(int(value))  # type: ignore[call-overload]


class BadParameter(BadRequest):
    """A query-string or form parameter with a value it cannot have: 400, naming it and
    what it may be (the error page and the API's JSON both show them)."""

    def __init__(self, parameter: str, allowed: str) -> None:
        super().__init__()
        self.parameter = parameter
        self.allowed = allowed

    @property
    def message(self) -> str:
        return str(
            _l(
                "The value of “%(parameter)s” cannot be used. Allowed: %(allowed)s.",
                parameter=self.parameter,
                allowed=self.allowed,
            )
        )


def _number_range(minimum: int, maximum: int) -> str:
    return str(_l("a whole number from %(low)s to %(high)s", low=minimum, high=maximum))


def _whole_number(text: str, minimum: int, maximum: int) -> int | None:
    """`text` as an int within bounds; None if it is not one. ASCII digits only: int() would
    take '١٢' or '1_000', and a long string of digits would cost time to convert."""
    text = text.strip()
    digits = text[1:] if text[:1] == "-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(maximum)) + 1:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def whole_number(
    name: str,
    default: int | None = None,
    *,
    minimum: int = 1,
    maximum: int = MAX_ID,
    source: Mapping[str, str] | None = None,
    empty_is_absent: bool = True,
) -> int | None:
    """The whole number in parameter `name` of the query string (or `source`, e.g. the form).

    Absent gives `default`, and so does empty (as a form's blank field sends it) unless
    `empty_is_absent` is False (the API: "" is not a number); anything else outside
    minimum..maximum is a BadParameter.
    """
    values = request.args if source is None else source
    text = values.get(name)
    if text is None or (empty_is_absent and text.strip() == ""):
        return default
    number = _whole_number(text, minimum, maximum)
    if number is None:
        raise BadParameter(name, _number_range(minimum, maximum))
    return number


def record_id(name: str, source: Mapping[str, str] | None = None) -> int | None:
    """An id chosen in the query string (or `source`): None when absent, 400 when it cannot
    be an id."""
    return whole_number(name, None, minimum=1, maximum=MAX_ID, source=source)


def page_number(name: str = "page") -> int:
    """The page a person asked for. A page is for reading: a value that is not a page number
    shows the first page, and one past the end is clamped by the paging itself."""
    text = request.args.get(name, "")
    number = _whole_number(text, 1, MAX_ID) if text else None
    return number or 1


def choice(name: str, choices: Collection[str], empty_is_absent: bool = True) -> str | None:
    """One of `choices` in the query string, None when absent (or empty, unless
    `empty_is_absent` is False); anything else is a BadParameter."""
    value = request.args.get(name)
    if value is None or (empty_is_absent and value == ""):
        return None
    if value not in choices:
        raise BadParameter(name, ", ".join(choices))
    return value


def _carries_nul(values: MultiDict) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def register_request_input(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter

    @app.before_request
    def refuse_nul_bytes():
        """No text a person types holds a NUL byte, and PostgreSQL refuses to store or even
        compare one: refuse the request before it reaches a query."""
        if "\x00" in request.path or _carries_nul(request.args):
            abort(400)
        if request.method in ("POST", "PUT", "PATCH") and _carries_nul(request.form):
            abort(400)
        return None
