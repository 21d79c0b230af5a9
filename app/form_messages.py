"""Form messages in plain words that name the field and say what to do.

WTForms' own messages (「このフィールドは必須です。」, "Field cannot be longer than 64
characters.") say neither which field nor what to do about it. Every form in the app derives
from `Form` below: its fields look WTForms' stock messages up here first, so any validator or
field that fails with a stock message says, for example, 「ユーザー名を入力してください。」 or
「表示名は120文字以内で入力してください。」 instead, in Japanese or English (Flask-Babel).
Messages not listed here (a form's own, a service's) pass through unchanged.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, Field, RadioField, SelectField, SelectMultipleField
from wtforms.i18n import DummyTranslations
from wtforms.meta import DefaultMeta
from wtforms.validators import URL, ValidationError

# Fields a person chooses in rather than types into: "choose", not "enter".
CHOSEN = (SelectField, SelectMultipleField, RadioField, BooleanField, FileField)

ENTER = _l("%(field)s: please fill this in.")
CHOOSE = _l("%(field)s: please choose one.")
CHOOSE_FROM_LIST = _l("%(field)s: please choose one from the list.")
AT_MOST = _l("%(field)s: please use at most %(max)d characters.")
AT_LEAST = _l("%(field)s: please use at least %(min)d characters.")
BETWEEN = _l("%(field)s: please use %(min)d to %(max)d characters.")
EXACTLY = _l("%(field)s: please use exactly %(max)d characters.")
WEB_ADDRESS = _l("%(field)s: please enter an address that starts with https://.")
EMAIL = _l("%(field)s: please enter an email address, such as name@example.jp.")
DATE = _l("%(field)s: please enter a date, such as 2026-04-01.")
WHOLE_NUMBER = _l("%(field)s: please enter a whole number in half-width digits.")
NUMBER_AT_LEAST = _l("%(field)s: please enter %(min)s or more.")
NUMBER_AT_MOST = _l("%(field)s: please enter %(max)s or less.")
NUMBER_BETWEEN = _l("%(field)s: please enter a number from %(min)s to %(max)s.")
SAME_AS = _l("%(field)s: this is not the same as %(other_label)s. Please type the same again.")
FORMAT = _l("%(field)s: this is not in the right form. Please check the hint and try again.")
# A form's own check, put in the field's words: "New password: use at least 12 characters."
PROBLEM = _l("%(field)s: %(problem)s")
FILE_TYPE = _l("%(field)s: please choose a file of this kind: {extensions}.")

# WTForms' (and Flask-WTF's) stock message → ours. `True` marks those WTForms itself goes on
# to fill in with `%` (so a `%` in the label must be doubled), "format" those it fills with
# str.format (so braces in the label must be doubled).
_STOCK = {
    "This field is required.": (None, False),  # ENTER or CHOOSE, by the kind of field
    "Field cannot be longer than %(max)d character.": (AT_MOST, True),
    "Field cannot be longer than %(max)d characters.": (AT_MOST, True),
    "Field must be at least %(min)d character long.": (AT_LEAST, True),
    "Field must be at least %(min)d characters long.": (AT_LEAST, True),
    "Field must be between %(min)d and %(max)d characters long.": (BETWEEN, True),
    "Field must be exactly %(max)d character long.": (EXACTLY, True),
    "Field must be exactly %(max)d characters long.": (EXACTLY, True),
    "Invalid URL.": (WEB_ADDRESS, False),
    "Invalid email address.": (EMAIL, False),
    "Invalid input.": (FORMAT, False),
    "Not a valid choice.": (CHOOSE_FROM_LIST, False),
    "Invalid Choice: could not coerce.": (CHOOSE_FROM_LIST, False),
    "Not a valid date value.": (DATE, False),
    "Not a valid datetime value.": (DATE, False),
    "Not a valid integer value.": (WHOLE_NUMBER, False),
    "Number must be at least %(min)s.": (NUMBER_AT_LEAST, True),
    "Number must be at most %(max)s.": (NUMBER_AT_MOST, True),
    "Number must be between %(min)s and %(max)s.": (NUMBER_BETWEEN, True),
    "Field must be equal to %(other_name)s.": (SAME_AS, True),
    "File does not have an approved extension: {extensions}": (FILE_TYPE, "format"),
}


def label_of(field: Field) -> str:
    return str(field.label.text) if field.label else field.name


def message_for(field: Field, template, **values: str) -> str:
    """`template` (one of the messages above) for this field, in the current language."""
    return str(template) % {"field": label_of(field), **values}


class FieldMessages:
    """The translations one field uses: ours for WTForms' stock messages, else the stock ones."""

    def __init__(self, fallback) -> None:
        self.fallback = fallback or DummyTranslations()
        self.field: Field | None = None  # set once the field is bound

    def _ours(self, string: str) -> str | None:
        if self.field is None or string not in _STOCK:
            return None
        template, filled_later = _STOCK[string]
        if template is None:
            if self.field.process_errors:
                # Something was typed that could not be read (a date as 「いつか」): say that,
                # not "please fill this in".
                return str(self.field.process_errors[0])
            template = CHOOSE if isinstance(self.field, CHOSEN) else ENTER
        label = label_of(self.field)
        if filled_later is True:
            label = label.replace("%", "%%")
        elif filled_later == "format":
            label = label.replace("{", "{{").replace("}", "}}")
        # Only %(field)s is filled here; WTForms fills the rest (%(max)d, {extensions}…).
        return str(template).replace("%(field)s", label)

    def gettext(self, string: str) -> str:
        ours = self._ours(string)
        return ours if ours is not None else self.fallback.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = self._ours(plural if n != 1 else singular)
        return ours if ours is not None else self.fallback.ngettext(singular, plural, n)


class Form(FlaskForm):
    """The base of every form in the app: stock messages name the field (see above)."""

    class Meta(DefaultMeta):
        def bind_field(self, form, unbound_field, options):
            messages = FieldMessages(options.get("translations"))
            field = super().bind_field(form, unbound_field, {**options, "translations": messages})
            messages.field = field
            return field


class WebAddress:
    """A web address that starts with https:// (or http://), refused in the field's words."""

    def __init__(self) -> None:
        self._url = URL()

    def __call__(self, form, field) -> None:
        if field.data and not field.data.strip().lower().startswith(("https://", "http://")):
            raise ValidationError(message_for(field, WEB_ADDRESS))
        self._url(form, field)  # its own refusal comes through FieldMessages too
