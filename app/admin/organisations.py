"""Organisations: the 62 municipalities, and the centres and NPOs added under them."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import bp
from app.admin.forms import ActivationForm, OrganisationForm, RenameOrganisationForm
from app.extensions import db
from app.form_pages import render_form, show_beside_field
from app.models import Organisation
from app.services.administration.organisations import (
    OrganisationError,
    account_counts,
    add_organisation,
    organisation_tree,
    possible_parents,
    rename_organisation,
    set_organisation_active,
)


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/organisations")
def organisations():
    return render_template(
        "admin/organisations.html",
        tree=organisation_tree(),
        counts=account_counts(),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    form = OrganisationForm()
    form.parent.choices = [(0, _l("None: a top-level organisation"))] + [
        (o.id, o.name) for o in possible_parents()
    ]
    if form.validate_on_submit():
        try:
            organisation = add_organisation(
                form.name.data or "", form.kind.data, form.parent.data or None, form.code.data or ""
            )
        except OrganisationError as error:
            show_beside_field(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s has been added.", name=organisation.name), "info")
            return redirect(url_for("admin.organisations"))
    return render_form("admin/organisation_new.html", form)


@bp.route("/organisations/<id:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id):
    organisation = _organisation_or_404(organisation_id)
    form = RenameOrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            rename_organisation(organisation, form.name.data or "")
        except OrganisationError as error:
            show_beside_field(form, error)
        else:
            db.session.commit()
            flash(_("The name has been saved."), "info")
            return redirect(url_for("admin.organisations"))
    return render_form("admin/organisation_edit.html", form, organisation=organisation)


def _set_active(organisation_id: int, active: bool):
    organisation = _organisation_or_404(organisation_id)
    if not ActivationForm().validate_on_submit():
        abort(400)
    set_organisation_active(organisation, active)
    db.session.commit()
    if active:
        flash(_("%(name)s is active again.", name=organisation.name), "info")
    else:
        flash(
            _(
                "%(name)s has been deactivated. Its people keep their accounts; "
                "nobody new can be added to it.",
                name=organisation.name,
            ),
            "info",
        )
    return redirect(url_for("admin.organisations"))


@bp.route("/organisations/<id:organisation_id>/deactivate", methods=["POST"])
def deactivate_organisation(organisation_id):
    return _set_active(organisation_id, False)


@bp.route("/organisations/<id:organisation_id>/reactivate", methods=["POST"])
def reactivate_organisation(organisation_id):
    return _set_active(organisation_id, True)
