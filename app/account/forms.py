from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problems
from app.form_messages import PROBLEM, Form, message_for
from app.services.administration.accounts import DISPLAY_NAME_LENGTH

NEW_PASSWORD_HINT = _l(
    "At least %(n)s characters. A few words with spaces are easy to remember.", n=MIN_LENGTH
)


class DisplayNameForm(Form):
    display_name = StringField(
        _l("Display name"),
        validators=[DataRequired(), Length(max=DISPLAY_NAME_LENGTH)],
        description=_l("How your name appears on certificates and in reports."),
        render_kw={"autocomplete": "name"},
    )
    submit = SubmitField(_l("Save the name"))


class NewPasswordForm(Form):
    """A new password, typed twice. `username` is set by the view for the rules."""

    username: str | None = None

    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH * 4)],
        description=NEW_PASSWORD_HINT,
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set the password"))

    def validate_new_password(self, field):
        problems = password_problems(field.data or "", self.username)
        if problems:
            raise ValidationError(message_for(field, PROBLEM, problem=" ".join(problems)))


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH * 4)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Change the password"))
