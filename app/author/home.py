"""The trainer's home (every module, what is published, who has a draft open, what needs a
look) and the page that starts a new module."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from app.author import bp
from app.author.forms import NewModuleForm
from app.extensions import db
from app.form_pages import render_form, show_beside_field
from app.models import Module
from app.services.authoring import drafts
from app.services.authoring.overview import modules_overview
from app.services.field_errors import FieldError
from app.services.reporting.question_statistics import MIN_FIRST_ATTEMPTS


@bp.route("/")
def home():
    return render_template(
        "author/home.html", overviews=modules_overview(), minimum=MIN_FIRST_ATTEMPTS
    )


# Its own address: POST /author/modules/new answers the editor's script in JSON.
@bp.route("/new", methods=["GET", "POST"])
def new_module_page():
    form = NewModuleForm()
    if form.validate_on_submit():
        try:
            draft = drafts.create_module(form.slug.data or "", form.title.data or "", current_user)
        except FieldError as error:
            show_beside_field(form, error)
        else:
            db.session.commit()
            module = db.session.get_one(Module, draft.module_id)
            return redirect(url_for("author.edit_module", slug=module.slug), 303)
    return render_form("author/new_module.html", form)
