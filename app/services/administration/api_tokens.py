"""API tokens: an admin issues one for an organisation's own systems, and revokes it."""

import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken
from app.models.timestamps import utcnow
from app.services.administration.audit import record


def issue_api_token(organisation_id: int, name: str) -> tuple[ApiToken, str]:
    """A new token for the organisation; its plain text is returned once and never stored."""
    token, plain = ApiToken.issue(organisation_id, name)
    db.session.add(token)
    db.session.flush()
    record("api_token.issue", token, {"organisation": token.organisation.name})
    return token, plain


def revoke_api_token(token: ApiToken) -> None:
    """Stop the token from working; revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("api_token.revoke", token, {"organisation": token.organisation.name})
        db.session.flush()


def api_tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.created_at.desc())))
