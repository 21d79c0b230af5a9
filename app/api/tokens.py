"""Bearer-token authentication for municipal systems: the token decides the organisation."""

from functools import wraps

import sqlalchemy as sa
from flask import g, request
from flask_babel import gettext as _

from app.error_pages import api_error
from app.extensions import db
from app.models import ApiToken, Organisation
from app.models.api_tokens import hash_token
from app.models.timestamps import utcnow


def bearer_token() -> str | None:
    """The token in `Authorization: Bearer …`, if the request has one."""
    scheme, _sep, plain = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not plain.strip():
        return None
    return plain.strip()


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        plain = bearer_token()
        found = None
        if plain is not None:
            found = db.session.execute(
                sa.select(ApiToken, Organisation.active)
                .join(Organisation, ApiToken.organisation_id == Organisation.id)
                .where(ApiToken.token_hash == hash_token(plain), ApiToken.revoked_at.is_(None))
            ).first()
        if found is None:
            response = api_error(401, _("A valid API token is required."))
            response.headers["WWW-Authenticate"] = 'Bearer realm="yorisoi"'
            return response
        token, organisation_active = found
        if not organisation_active:
            # Deactivating an organisation stops its tokens at once (and reactivating it
            # brings back those that were not revoked).
            return api_error(403, _("This token's organisation has been deactivated."))
        token.last_used_at = utcnow()
        db.session.commit()
        g.api_organisation_id = token.organisation_id
        return view(*args, **kwargs)

    return wrapped
