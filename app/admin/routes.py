import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin import bp
from app.admin.forms import IssueTokenForm, RevokeForm
from app.auth.permissions import roles_required
from app.extensions import db
from app.models import ApiToken, Organisation
from app.models.timestamps import utcnow


@bp.route("/tokens", methods=["GET", "POST"])
@roles_required("admin")
def tokens():
    form = IssueTokenForm()
    form.organisation.choices = [
        (o.id, o.name)
        for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.code))
    ]
    issued = None
    if form.validate_on_submit():
        token, issued = ApiToken.issue(form.organisation.data, form.name.data)
        db.session.add(token)
        db.session.commit()
    listed = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.created_at.desc())).all()
    return render_template(
        "admin/tokens.html", form=form, tokens=listed, issued=issued, revoke_form=RevokeForm()
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required("admin")
def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    flash(_("The token has been revoked."), "info")
    return redirect(url_for("admin.tokens"))
