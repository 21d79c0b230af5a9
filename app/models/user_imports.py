"""A CSV import of accounts between its steps: the checked file while it waits for the
admin's confirmation, then the accounts it created until the admin downloads their
password links (once). Kept on the server, so that neither the file nor the links travel
back through the browser; forgotten after the download, or after an hour."""

from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow

KEPT_FOR = timedelta(hours=1)  # a preview or an undownloaded import, left for longer


class UserImport(Model):
    __tablename__ = "user_imports"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Only this admin may confirm it, page through it, or download its links.
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    filename: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    # The decoded file, until it is imported.
    text: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Set once, by the one confirmation that imports it (a conditional UPDATE).
    imported_at: so.Mapped[datetime | None]
    # The accounts it created, in the file's order: their links are made at the download.
    user_ids: so.Mapped[list[int] | None] = so.mapped_column(sa.JSON)
