"""The forms of the authoring pages (the editor's own fields are read in
app/services/authoring/fields.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.form_messages import Form
from app.services.authoring.drafts import SLUG_LENGTH

CHANGE_NOTE_LENGTH = 2000
TITLE_LENGTH = 200  # module_versions.title
# A GIFT file of a few hundred questions is well under this; pasted text alike.
GIFT_MAX_BYTES = 512 * 1024
FILENAME_LENGTH = 200


class NewModuleForm(Form):
    slug = StringField(
        _l("Slug (the module's address)"),
        validators=[DataRequired(), Length(max=SLUG_LENGTH)],
        description=_l(
            "Lowercase letters, digits and '-' only, for example self-care. It becomes the "
            "address /modules/self-care and cannot be changed later."
        ),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=TITLE_LENGTH)],
        description=_l("You can change it later in the editor."),
    )
    submit = SubmitField(_l("Create the module and open the editor"))


class RevertForm(Form):
    requires_recertification = BooleanField(
        _l("Learners must take this module again (re-certification)")
    )
    change_note = TextAreaField(
        _l("What changed (optional)"),
        validators=[Optional(), Length(max=CHANGE_NOTE_LENGTH)],
        description=_l("Learners who must take the module again read this note."),
    )


class GiftUploadForm(Form):
    file = FileField(_l("GIFT file"), description=_l("A .gift or .txt file saved as UTF-8."))
    text = TextAreaField(
        _l("Or paste the GIFT text here"),
        validators=[Optional()],
    )
    skip_unsupported = BooleanField(
        _l("Skip the questions Yorisoi cannot hold (essay, numerical, short answer…)")
    )
    # The file's name, when its text comes back from a preview to be checked again.
    filename = HiddenField(validators=[Length(max=FILENAME_LENGTH)])
    submit = SubmitField(_l("Check the questions"))


class GiftConfirmForm(Form):
    """The checked text travels back with the form: nothing waits on the server."""

    gift_text = HiddenField()
    filename = HiddenField(validators=[Length(max=FILENAME_LENGTH)])
    skip_unsupported = HiddenField()
    revision = HiddenField()
    draft = HiddenField()
