"""The audit log's one verb: `record` who did what, to what, and from where."""

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import ApiToken, AuditEvent, Module, Organisation, User
from app.models.audit import AuditDetails
from app.services.paging import Page, paginate

USER_AGENT_LENGTH = 300


Target = User | Organisation | ApiToken | Module


def _describe(target: Target | None) -> tuple[str, int | None, str]:
    if target is None:
        return "", None, ""
    if isinstance(target, User):
        return "user", target.id, target.username
    if isinstance(target, Organisation):
        return "organisation", target.id, target.name
    if isinstance(target, ApiToken):
        return "api_token", target.id, f"{target.name} ({target.prefix}…)"
    if isinstance(target, Module):
        return "module", target.id, target.slug
    raise TypeError(f"no audit description for {type(target).__name__}")


def record(
    action: str,
    target: Target | None = None,
    details: AuditDetails | None = None,
    actor: User | None = None,
) -> AuditEvent:
    """Add an audit event in the caller's transaction, so it is saved with the change itself.

    `actor` defaults to the logged-in user; the address and browser come from the request,
    when there is one (a CLI command has neither).
    """
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    target_type, target_id, target_name = _describe(target)
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_username=actor.username if actor else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_name=target_name[:200],
        details=details or {},
    )
    if has_request_context():
        event.ip_address = (request.remote_addr or "")[:45] or None
        event.user_agent = request.user_agent.string[:USER_AGENT_LENGTH] or None
    db.session.add(event)
    db.session.flush()
    return event


def audit_page(page: int, per_page: int) -> Page:
    """One page of events, newest first."""
    query = sa.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    return paginate(query, page, per_page)
