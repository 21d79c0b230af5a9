from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.form_messages import Form
from app.labels import AUDIENCE_NAMES, ORGANISATION_KIND_NAMES, ROLE_NAMES
from app.services.administration.accounts import DISPLAY_NAME_LENGTH, USERNAME_LENGTH
from app.vocabulary import Audience, OrganisationKind, Role


class IssueTokenForm(Form):
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Issue a token"))


class RevokeForm(Form):
    submit = SubmitField(_l("Revoke"))


ROLE_CHOICES = [(role.value, ROLE_NAMES[role]) for role in Role]
AUDIENCE_CHOICES = [("", _l("None (does not take courses)"))] + [
    (audience.value, AUDIENCE_NAMES[audience]) for audience in Audience
]
KIND_CHOICES = [(kind.value, ORGANISATION_KIND_NAMES[kind]) for kind in OrganisationKind]


class OrganisationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), default=OrganisationKind.CENTRE)
    parent = SelectField(
        _l("Under which organisation"),
        coerce=int,
        description=_l("Its reports then include this organisation's learners."),
    )
    code = StringField(
        _l("Code (optional)"),
        validators=[Optional(), Length(max=32)],
        description=_l("Leave empty to have one made for you."),
    )
    submit = SubmitField(_l("Add the organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not in the field: WTForms deprecates tuple choices in field definitions.
        self.kind.choices = KIND_CHOICES


class RenameOrganisationForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Save the name"))


class ActivationForm(Form):
    submit = SubmitField(_l("Save"))


class AccountForm(Form):
    """Editing an account; `NewAccountForm` adds the username."""

    display_name = StringField(
        _l("Display name"), validators=[DataRequired(), Length(max=DISPLAY_NAME_LENGTH)]
    )
    role = SelectField(_l("Role"), default=Role.LEARNER)
    audience = SelectField(
        _l("Audience"),
        default="",
        description=_l("Which modules the person takes. Learners need one."),
    )
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    active = BooleanField(_l("Active (may log in)"), default=True)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = ROLE_CHOICES
        self.audience.choices = AUDIENCE_CHOICES


class NewAccountForm(AccountForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=USERNAME_LENGTH)],
        description=_l("Letters a–z, digits and . _ - @. It cannot be changed later."),
        render_kw={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField(_l("Create the account"))


class PasswordLinkForm(Form):
    submit = SubmitField(_l("Make a password link"))


class ImportUploadForm(Form):
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(), FileAllowed(["csv", "txt"])],
        description=_l(
            "First line: username,display_name,role,audience,organisation. "
            "UTF-8 or Excel's CSV (Shift_JIS) are both fine."
        ),
    )
    submit = SubmitField(_l("Check the file"))


class ImportConfirmForm(Form):
    submit = SubmitField(_l("Create these accounts"))


class ImportLinksForm(Form):
    submit = SubmitField(_l("Download the links (CSV)"))
