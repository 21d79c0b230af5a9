"""Organisations: the 62 municipalities, and the centres and NPOs added under them."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import bp
from app.admin.forms import ActivationForm, OrganisationForm, RenameOrganisationForm
from app.auth.permissions import roles_required
from app.extensions import db
from app.models import Organisation
from app.services.organisations import (
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
@roles_required("admin")
def organisations():
    return render_template(
        "admin/organisations.html",
        tree=organisation_tree(),
        counts=account_counts(),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required("admin")
def new_organisation():
    form = OrganisationForm()
    form.parent.choices = [(0, _l("None: a top-level organisation"))] + [
        (o.id, o.name) for o in possible_parents()
    ]
    if form.validate_on_submit():
        try:
            organisation = add_organisation(
                form.name.data, form.kind.data, form.parent.data or None, form.code.data or ""
            )
        except OrganisationError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("%(name)s has been added.", name=organisation.name), "info")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisation_new.html", form=form), (422 if form.errors else 200)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def edit_organisation(organisation_id):
    organisation = _organisation_or_404(organisation_id)
    form = RenameOrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            rename_organisation(organisation, form.name.data)
        except OrganisationError as error:
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The name has been saved."), "info")
            return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_edit.html",
        form=form,
        organisation=organisation,
    ), (422 if form.errors else 200)


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


@bp.route("/organisations/<int:organisation_id>/deactivate", methods=["POST"])
@roles_required("admin")
def deactivate_organisation(organisation_id):
    return _set_active(organisation_id, False)


@bp.route("/organisations/<int:organisation_id>/reactivate", methods=["POST"])
@roles_required("admin")
def reactivate_organisation(organisation_id):
    return _set_active(organisation_id, True)
