"""Pages that hold a form: a form with errors answers 422, so that browsers, tests and
assistive tools can tell a refused submission from a fresh page."""

from flask import render_template
from flask_wtf import FlaskForm

from app.services.field_errors import FieldError


def show_beside_field(form: FlaskForm, error: FieldError) -> None:
    """Put a service's refusal next to the field it concerns."""
    form[error.field].errors.append(error.message)


def form_status(form: FlaskForm) -> int:
    return 422 if form.errors else 200


def render_form(template: str, form: FlaskForm, **context):
    """The page for `form`, with 422 when any field has an error."""
    return render_template(template, form=form, **context), form_status(form)
