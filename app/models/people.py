"""Organisations and the people who use Yorisoi."""

import secrets
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import Audience, OrganisationKind, Role, one_of


class Organisation(Model):
    __tablename__ = "organisations"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # 全国地方公共団体コード (5 digits) for Tokyo's municipalities; free text for others.
    code: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), default=OrganisationKind.MUNICIPALITY)
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # One level only: a centre or NPO under a municipality, never deeper.
    parent_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )

    users: so.WriteOnlyMapped["User"] = so.relationship(back_populates="organisation")
    parent: so.Mapped["Organisation | None"] = so.relationship(remote_side="Organisation.id")

    __table_args__ = (sa.CheckConstraint(one_of("kind", OrganisationKind), name="kind"),)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default=Role.LEARNER)
    audience: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    organisation_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("organisations.id"), index=True
    )
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # Part of the login cookie: replacing it logs out every cookie issued before.
    session_token: so.Mapped[str] = so.mapped_column(
        sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    locale: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    organisation: so.Mapped[Organisation] = so.relationship(back_populates="users")

    __table_args__ = (
        sa.CheckConstraint(one_of("role", Role), name="role"),
        sa.CheckConstraint("audience IS NULL OR " + one_of("audience", Audience), name="audience"),
        sa.Index("ix_users_org_audience", "organisation_id", "audience"),
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash and check_password_hash(self.password_hash, password))

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_urlsafe(32)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def __repr__(self) -> str:
        return f"<User {self.username}>"
