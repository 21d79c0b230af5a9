from app.form_messages import Form


class ActionForm(Form):
    """A button that changes something: it only needs the CSRF token."""
