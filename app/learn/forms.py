from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes something: it only needs the CSRF token."""
