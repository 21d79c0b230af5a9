import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Regexp

from app.form_messages import Form


def tidy_code(value: str | None) -> str:
    """A code as people type it off paper: full-width, lower case, spaces or hyphens."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-‐－ー・]", "", text).upper()


class VerifyForm(Form):
    """Typing in a certificate's code; sent with GET, so it needs no CSRF token."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Verification code"),
        filters=[tidy_code],
        validators=[DataRequired(), Regexp(r"^[A-Z0-9]{4,32}$")],
        description=_l(
            "The letters and digits printed near the bottom of the certificate, "
            "such as ABCD234567. Small or full-width letters are fine too."
        ),
        render_kw={
            "autocapitalize": "characters",
            "autocomplete": "off",
            "spellcheck": "false",
        },
    )
