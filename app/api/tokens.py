"""Bearer-token authentication for municipal systems: the token decides the organisation."""

from functools import wraps

import sqlalchemy as sa
from flask import g, jsonify, request

from app.extensions import db
from app.models import ApiToken
from app.models.api_tokens import hash_token
from app.models.timestamps import utcnow


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, plain = header.partition(" ")
        token = None
        if scheme.lower() == "bearer" and plain:
            token = db.session.scalar(
                sa.select(ApiToken).where(
                    ApiToken.token_hash == hash_token(plain.strip()),
                    ApiToken.revoked_at.is_(None),
                )
            )
        if token is None:
            response = jsonify(error="a valid API token is required")
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Bearer realm="yorisoi"'
            return response
        token.last_used_at = utcnow()
        db.session.commit()
        g.api_organisation_id = token.organisation_id
        return view(*args, **kwargs)

    return wrapped
