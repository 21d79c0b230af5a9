from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.form_messages import Form, WebAddress


class WindowForm(Form):
    name = StringField(_l("Name of the window"), validators=[DataRequired(), Length(max=200)])
    department = StringField(_l("Department"), validators=[Optional(), Length(max=200)])
    helps_with = TextAreaField(_l("What they help with"), validators=[Optional(), Length(max=2000)])
    contact = StringField(
        _l("Contact (telephone, email)"), validators=[Optional(), Length(max=200)]
    )
    hours = StringField(_l("Opening hours"), validators=[Optional(), Length(max=200)])
    url = StringField(_l("Web address"), validators=[Optional(), WebAddress(), Length(max=500)])
    submit = SubmitField(_l("Save"))


class DeleteForm(Form):
    submit = SubmitField(_l("Delete"))
