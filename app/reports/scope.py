"""Which organisation a report may show: a coordinator's own, or any for an admin."""

from flask import abort, request
from flask_login import current_user

from app.extensions import db
from app.models import Organisation


def report_scope() -> Organisation | None:
    """The organisation to report on; None means every organisation (admins only)."""
    if current_user.role == "coordinator":
        return current_user.organisation
    if current_user.role == "admin":
        chosen = request.args.get("organisation", type=int)
        if chosen is None:
            return None
        organisation = db.session.get(Organisation, chosen)
        if organisation is None:
            abort(404)
        return organisation
    abort(403)
