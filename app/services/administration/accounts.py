"""People's accounts as an admin keeps them: find, create, change, deactivate."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import Organisation, User
from app.models.audit import AuditChanges
from app.services.administration.audit import record
from app.services.administration.organisations import organisation_ids
from app.services.field_errors import FieldError
from app.services.paging import Page, paginate
from app.vocabulary import NO_AUDIENCE, Audience, Role, codes

USERNAME_LENGTH = 64
DISPLAY_NAME_LENGTH = 120
# ASCII only: a username is typed on shared PCs and phones, and must not hide look-alikes.
USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")


class AccountError(FieldError):
    """A change that cannot be made; `field` names the form field it is about."""


def username_problem(username: str) -> LazyString | None:
    """Why `username` cannot be used (format only), or None."""
    if not username:
        return _l("The username is empty.")
    if len(username) > USERNAME_LENGTH:
        return _l("The username is longer than %(n)s characters.", n=USERNAME_LENGTH)
    if not USERNAME_PATTERN.fullmatch(username):
        return _l(
            "A username may hold only the letters a–z and A–Z, digits and . _ - @, "
            "and starts with a letter or digit."
        )
    return None


def audience_problem(role: str, audience: str | None) -> LazyString | None:
    if role == Role.LEARNER and not audience:
        return _l("A learner needs an audience: the modules they take depend on it.")
    return None


def taken_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of `usernames` exist already, compared without case (lower-cased)."""
    wanted = {name.lower() for name in usernames}
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            sa.select(sa.func.lower(User.username)).where(sa.func.lower(User.username).in_(wanted))
        )
    )


@dataclass(frozen=True)
class AccountFilter:
    search: str = ""
    role: str | None = None
    audience: str | None = None
    organisation_id: int | None = None  # its children's people are included
    active: bool | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def account_page(flt: AccountFilter, page: int, per_page: int) -> Page:
    """One page of accounts matching `flt`, by organisation then username."""
    query = sa.select(User).join(Organisation, User.organisation_id == Organisation.id)
    if flt.search:
        pattern = f"%{_escape_like(flt.search)}%"
        query = query.where(
            sa.or_(
                User.username.ilike(pattern, escape="\\"),
                User.display_name.ilike(pattern, escape="\\"),
            )
        )
    if flt.role in codes(Role):
        query = query.where(User.role == flt.role)
    if flt.audience == NO_AUDIENCE:
        query = query.where(User.audience.is_(None))
    elif flt.audience in codes(Audience):
        query = query.where(User.audience == flt.audience)
    if flt.organisation_id is not None:
        query = query.where(User.organisation_id.in_(organisation_ids(flt.organisation_id)))
    if flt.active is not None:
        query = query.where(User.active == flt.active)
    query = query.options(contains_eager(User.organisation)).order_by(
        Organisation.code, User.username
    )
    return paginate(query, page, per_page)


def _organisation_for(organisation_id: int, current: int | None = None) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or (not organisation.active and organisation_id != current):
        raise AccountError("organisation", _l("Choose an active organisation."))
    return organisation


def create_account(
    username: str, display_name: str, role: str, audience: str | None, organisation_id: int
) -> User:
    """A new active account without a password: issue it a set-password link."""
    username = username.strip()
    problem = username_problem(username)
    if problem is not None:
        raise AccountError("username", problem)
    if taken_usernames([username]):
        raise AccountError("username", _l("This username is already taken."))
    problem = audience_problem(role, audience)
    if problem is not None:
        raise AccountError("audience", problem)
    organisation = _organisation_for(organisation_id)
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        audience=audience or None,
        organisation=organisation,
        active=True,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "account.create",
        user,
        {"role": role, "audience": audience or None, "organisation": organisation.name},
    )
    return user


def update_account(
    user: User,
    actor: User,
    *,
    display_name: str,
    role: str,
    audience: str | None,
    organisation_id: int,
    active: bool,
) -> AuditChanges:
    """Save an admin's changes to `user`; returns what changed as {field: [old, new]}.

    An admin may not demote or deactivate themself: the last admin could lock everyone out.
    Deactivating ends the person's sessions at once.
    """
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(
            "role",
            _l("You cannot remove your own administrator role. Ask another administrator."),
        )
    if user.id == actor.id and not active:
        raise AccountError(
            "active", _l("You cannot deactivate your own account. Ask another administrator.")
        )
    problem = audience_problem(role, audience)
    if problem is not None:
        raise AccountError("audience", problem)
    organisation = _organisation_for(organisation_id, current=user.organisation_id)
    old = {
        "display_name": user.display_name,
        "role": user.role,
        "audience": user.audience,
        "organisation": user.organisation.name,
    }
    user.display_name = display_name.strip()
    user.role = role
    user.audience = audience or None
    user.organisation = organisation
    new = {
        "display_name": user.display_name,
        "role": user.role,
        "audience": user.audience,
        "organisation": organisation.name,
    }
    changes: AuditChanges = {key: [old[key], new[key]] for key in old if old[key] != new[key]}
    db.session.flush()
    if changes:
        record("account.edit", user, {"changes": changes})
    if active != user.active:
        set_account_active(user, active)
        changes["active"] = [not active, active]
    return changes


def set_account_active(user: User, active: bool) -> None:
    """Deactivating also replaces the session token: every open session ends at once."""
    if user.active == active:
        return
    user.active = active
    if not active:
        user.rotate_session_token()
    db.session.flush()
    record("account.reactivate" if active else "account.deactivate", user)
