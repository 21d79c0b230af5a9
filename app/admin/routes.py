import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import bp
from app.admin.forms import IssueTokenForm, RevokeForm
from app.extensions import db
from app.models import ApiToken, Organisation
from app.models.password_links import LINK_LIFETIME_HOURS
from app.request_input import page_number
from app.services.administration.api_tokens import api_tokens, issue_api_token, revoke_api_token
from app.services.administration.audit import audit_page
from app.vocabulary import AuthoringAction

AUDIT_PAGE_SIZE = 50
AUDIT_ACTIONS = {
    "organisation.add": _l("Organisation added"),
    "organisation.rename": _l("Organisation renamed"),
    "organisation.deactivate": _l("Organisation deactivated"),
    "organisation.reactivate": _l("Organisation reactivated"),
    "account.create": _l("Account created"),
    "account.edit": _l("Account changed"),
    "account.deactivate": _l("Account deactivated"),
    "account.reactivate": _l("Account reactivated"),
    "account.password_change": _l("Password changed by its owner"),
    "password_link.issue": _l("Password link made"),
    "password.set_by_link": _l("Password set with a link"),
    "users.import": _l("Accounts imported"),
    "users.import_links": _l("Password links made for imported accounts"),
    "api_token.issue": _l("API token issued"),
    "api_token.revoke": _l("API token revoked"),
    AuthoringAction.MODULE_CREATE: _l("Module created"),
    AuthoringAction.DRAFT_SAVE: _l("Draft saved"),
    AuthoringAction.DRAFT_DISCARD: _l("Draft thrown away"),
    AuthoringAction.PUBLISH: _l("Published"),
    AuthoringAction.REVERT: _l("Old version published again"),
    AuthoringAction.CONTENT_LOAD: _l("Content loaded from files"),
    AuthoringAction.CONTENT_EXPORT: _l("Content exported to files"),
    AuthoringAction.GIFT_IMPORT: _l("GIFT questions imported"),
    AuthoringAction.GIFT_EXPORT: _l("Quiz exported as GIFT"),
}
AUDIT_DETAILS = {
    "display_name": _l("Display name"),
    "role": _l("Role"),
    "audience": _l("Audience"),
    "organisation": _l("Organisation"),
    "kind": _l("Kind"),
    "code": _l("Code"),
    "parent": _l("Under"),
    "from": _l("Before"),
    "to": _l("After"),
    "purpose": _l("Purpose"),
    "expires_at": _l("Expires"),
    "count": _l("Accounts"),
    "source": _l("File"),
    "usernames": _l("Usernames"),
    "revision": _l("Draft revision"),
    "autosave": _l("Saved automatically"),
    "module_version": _l("Module version"),
    "quiz_version": _l("Quiz version"),
    "restored_version": _l("Version published again"),
    "part": _l("Part"),
    "requires_recertification": _l("Requires re-certification"),
    "change_note": _l("What changed"),
    "forced": _l("Forced"),
    "files": _l("Files"),
    "directory": _l("Folder"),
    "questions": _l("Questions"),
}


@bp.context_processor
def link_lifetime():
    return {"link_hours": LINK_LIFETIME_HOURS}


@bp.route("")
def index():
    return render_template("admin/index.html")


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    form = IssueTokenForm()
    form.organisation.choices = [
        (o.id, o.name)
        for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.code))
    ]
    issued = None
    if form.validate_on_submit():
        _token, issued = issue_api_token(form.organisation.data, form.name.data or "")
        db.session.commit()
    return render_template(
        "admin/tokens.html",
        form=form,
        tokens=api_tokens(),
        issued=issued,
        revoke_form=RevokeForm(),
    )


@bp.route("/tokens/<id:token_id>/revoke", methods=["POST"])
def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    revoke_api_token(token)
    db.session.commit()
    flash(_("The token has been revoked."), "info")
    return redirect(url_for("admin.tokens"))


@bp.route("/audit")
def audit():
    page = audit_page(page_number(), AUDIT_PAGE_SIZE)
    return render_template(
        "admin/audit.html", page=page, action_names=AUDIT_ACTIONS, detail_names=AUDIT_DETAILS
    )
