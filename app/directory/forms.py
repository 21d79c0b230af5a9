from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError


class WindowForm(FlaskForm):
    name = StringField(_l("Name of the window"), validators=[DataRequired(), Length(max=200)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=200)])
    helps_with = TextAreaField(_l("What they help with"), validators=[Optional(), Length(max=2000)])
    contact = StringField(
        _l("Contact (telephone, email)"), validators=[Optional(), Length(max=200)]
    )
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])
    url = StringField(_l("Web address"), validators=[Optional(), URL(), Length(max=500)])
    submit = SubmitField(_l("Save"))

    def validate_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(_l("Use an address that starts with https:// or http://."))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
