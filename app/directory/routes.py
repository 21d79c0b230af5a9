from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.permissions import roles_required
from app.directory import bp
from app.directory.forms import DeleteForm, WindowForm
from app.extensions import db
from app.models import ConsultationWindow, Organisation
from app.services.directory import TOKYO_SUPPORT_NET, windows_of


@bp.route("")
@login_required
def index():
    """Where a learner can consult: their own municipality's windows, and the Tokyo-wide one."""
    organisation = current_user.organisation
    windows = windows_of(organisation.id)
    if organisation.parent_id is not None:
        # A centre's or NPO's people consult their municipality's windows too.
        windows += windows_of(organisation.parent_id)
    return render_template(
        "directory/index.html",
        organisation=organisation,
        windows=windows,
        support_net=TOKYO_SUPPORT_NET,
        can_edit=current_user.role in ("coordinator", "admin"),
    )


def _managed_organisation() -> Organisation:
    """A coordinator manages their own municipality; an admin may choose any."""
    if current_user.role == "admin" and request.args.get("organisation"):
        organisation = db.session.get(Organisation, request.args.get("organisation", type=int))
        if organisation is None:
            abort(404)
        return organisation
    return current_user.organisation


def _window_or_403(window_id: int) -> ConsultationWindow:
    window = db.session.get(ConsultationWindow, window_id)
    if window is None:
        abort(404)
    if current_user.role != "admin" and window.organisation_id != current_user.organisation_id:
        abort(403)
    return window


@bp.route("/manage")
@roles_required("coordinator", "admin")
def manage():
    organisation = _managed_organisation()
    return render_template(
        "directory/manage.html",
        organisation=organisation,
        windows=windows_of(organisation.id),
        delete_form=DeleteForm(),
    )


@bp.route("/manage/new", methods=["GET", "POST"])
@roles_required("coordinator", "admin")
def new():
    organisation = _managed_organisation()
    form = WindowForm()
    if form.validate_on_submit():
        window = ConsultationWindow(organisation_id=organisation.id)
        form.populate_obj(window)
        db.session.add(window)
        db.session.commit()
        flash(_("The window has been added."), "info")
        return redirect(url_for("directory.manage", organisation=organisation.id))
    return render_template("directory/edit.html", form=form, organisation=organisation, window=None)


@bp.route("/manage/<int:window_id>/edit", methods=["GET", "POST"])
@roles_required("coordinator", "admin")
def edit(window_id):
    window = _window_or_403(window_id)
    form = WindowForm(obj=window)
    if form.validate_on_submit():
        form.populate_obj(window)
        db.session.commit()
        flash(_("The window has been saved."), "info")
        return redirect(url_for("directory.manage", organisation=window.organisation_id))
    return render_template(
        "directory/edit.html",
        form=form,
        organisation=db.session.get(Organisation, window.organisation_id),
        window=window,
    )


@bp.route("/manage/<int:window_id>/delete", methods=["POST"])
@roles_required("coordinator", "admin")
def delete(window_id):
    window = _window_or_403(window_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    organisation_id = window.organisation_id
    db.session.delete(window)
    db.session.commit()
    flash(_("The window has been removed."), "info")
    return redirect(url_for("directory.manage", organisation=organisation_id))
