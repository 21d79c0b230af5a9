from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class IssueTokenForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Issue a token"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))
