from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.policy import (
    Ability,
    can,
    ensure,
    managed_organisation,
    may_manage_organisation,
    requires,
)
from app.directory import bp
from app.directory.forms import DeleteForm, WindowForm
from app.extensions import db
from app.models import ConsultationWindow, Organisation
from app.services.learning.directory import (
    TOKYO_SUPPORT_NET,
    remove_window,
    save_window,
    windows_of,
)


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
        can_edit=can(current_user, Ability.MANAGE_DIRECTORY),
    )


def _window_or_404(window_id: int) -> ConsultationWindow:
    window = db.get_or_404(ConsultationWindow, window_id)
    ensure(may_manage_organisation(current_user, window.organisation))
    return window


@bp.route("/manage")
@requires(Ability.MANAGE_DIRECTORY)
def manage():
    organisation = managed_organisation(current_user)
    return render_template(
        "directory/manage.html",
        organisation=organisation,
        windows=windows_of(organisation.id),
        delete_form=DeleteForm(),
    )


@bp.route("/manage/new", methods=["GET", "POST"])
@requires(Ability.MANAGE_DIRECTORY)
def new():
    organisation = managed_organisation(current_user)
    form = WindowForm()
    if form.validate_on_submit():
        save_window(ConsultationWindow(organisation_id=organisation.id), form.data)
        db.session.commit()
        flash(_("The window has been added."), "info")
        return redirect(url_for("directory.manage", organisation=organisation.id))
    return render_template("directory/edit.html", form=form, organisation=organisation, window=None)


@bp.route("/manage/<id:window_id>/edit", methods=["GET", "POST"])
@requires(Ability.MANAGE_DIRECTORY)
def edit(window_id):
    window = _window_or_404(window_id)
    form = WindowForm(obj=window)
    if form.validate_on_submit():
        save_window(window, form.data)
        db.session.commit()
        flash(_("The window has been saved."), "info")
        return redirect(url_for("directory.manage", organisation=window.organisation_id))
    return render_template(
        "directory/edit.html",
        form=form,
        organisation=db.session.get(Organisation, window.organisation_id),
        window=window,
    )


@bp.route("/manage/<id:window_id>/delete", methods=["POST"])
@requires(Ability.MANAGE_DIRECTORY)
def delete(window_id):
    window = _window_or_404(window_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    organisation_id = window.organisation_id
    remove_window(window)
    db.session.commit()
    flash(_("The window has been removed."), "info")
    return redirect(url_for("directory.manage", organisation=organisation_id))
