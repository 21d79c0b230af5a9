"""The audit log: who did what to whom, when and from where. Rows are only ever added."""

from datetime import datetime
from typing import TypeAlias, TypedDict

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow

# A field's [before, after], by field name.
AuditChanges: TypeAlias = dict[str, list[str | bool | None]]

# What an event may note besides its target, by action (all keys optional); the functional
# form because "from" is a Python keyword.
AuditDetails = TypedDict(
    "AuditDetails",
    {
        "role": str,  # account.create
        "audience": str | None,
        "organisation": str,  # account.create, api_token.*
        "changes": AuditChanges,  # account.edit
        "kind": str,  # organisation.add
        "code": str,
        "parent": str | None,
        "from": str,  # organisation.rename
        "to": str,
        "purpose": str,  # password_link.issue, password.set_by_link
        "expires_at": str,  # ISO 8601, Tokyo time
        "count": int,  # users.import
        "source": str,
        "usernames": list[str],
        "revision": int,  # draft.save
        "autosave": bool,
        "module_version": int,  # content.publish, content.revert, gift.import
        "quiz_version": int,
        "restored_version": int,  # content.revert: the old version published again
        "part": str,  # content.revert: 'module' or 'quiz'
        "requires_recertification": bool,
        "change_note": str,
        "forced": bool,  # content.load --force
        "files": list[str],  # content.load, content.export, gift.import/export
        "directory": str,  # content.export
        "questions": list[str],  # gift.import, gift.export: question ids
    },
    total=False,
)


class AuditEvent(Model):
    __tablename__ = "audit_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    # The username is copied: the log must read the same after an account is renamed.
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    actor_username: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    action: so.Mapped[str] = so.mapped_column(sa.String(64))
    target_type: so.Mapped[str] = so.mapped_column(sa.String(32), default="")
    target_id: so.Mapped[int | None]
    target_name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    details: so.Mapped[AuditDetails] = so.mapped_column(sa.JSON, default=dict)
    ip_address: so.Mapped[str | None] = so.mapped_column(sa.String(45))
    user_agent: so.Mapped[str | None] = so.mapped_column(sa.String(300))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.target_type}:{self.target_id}>"
