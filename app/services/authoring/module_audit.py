"""A module's authoring events in the audit log: what publishing, reverting and importing
recorded of the versions they made (numbers, notes), which no version row holds."""

from collections.abc import Iterable

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Module
from app.vocabulary import AuthoringAction


def authoring_events(
    module: Module, actions: Iterable[AuthoringAction], newest_first: bool = False
) -> sa.ScalarResult[AuditEvent]:
    """The module's audit events of these actions, oldest first unless `newest_first`."""
    order = AuditEvent.id.desc() if newest_first else AuditEvent.id
    return db.session.scalars(
        sa.select(AuditEvent)
        .where(
            AuditEvent.target_type == "module",
            AuditEvent.target_id == module.id,
            AuditEvent.action.in_(tuple(actions)),
        )
        .order_by(order)
    )
