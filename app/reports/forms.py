from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import DataRequired

from app.form_messages import Form
from app.vocabulary import EVERYONE


class DueDateForm(Form):
    module = SelectField(_l("Module"), validators=[DataRequired()])
    audience = SelectField(_l("For whom"), default=EVERYONE)
    due_date = DateField(_l("Due date"), validators=[DataRequired()])
    submit = SubmitField(_l("Save the due date"))


class RemoveForm(Form):
    submit = SubmitField(_l("Remove"))
