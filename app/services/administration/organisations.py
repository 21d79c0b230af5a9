"""Organisations: Tokyo's municipalities, and the centres and NPOs an admin adds under them.

The tree is one level deep: a municipality (or another top-level organisation) and its
children. A report on an organisation covers its children too.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Organisation, User
from app.services.administration.audit import record
from app.services.field_errors import FieldError
from app.vocabulary import OrganisationKind


class OrganisationError(FieldError):
    """A change that cannot be made; `field` names the form field it is about."""


@dataclass
class Branch:
    organisation: Organisation
    children: list[Organisation]


def organisation_ids(organisation_id: int) -> sa.Select:
    """SELECT the id of the organisation and of the organisations under it."""
    return sa.select(Organisation.id).where(
        sa.or_(Organisation.id == organisation_id, Organisation.parent_id == organisation_id)
    )


def organisation_tree() -> list[Branch]:
    """Every organisation, top-level ones in code order, each followed by its children."""
    everything = db.session.scalars(
        sa.select(Organisation).order_by(Organisation.code, Organisation.id)
    ).all()
    children: dict[int, list[Organisation]] = {}
    for organisation in everything:
        if organisation.parent_id is not None:
            children.setdefault(organisation.parent_id, []).append(organisation)
    return [
        Branch(organisation, children.get(organisation.id, []))
        for organisation in everything
        if organisation.parent_id is None
    ]


def account_counts() -> dict[int, int]:
    """Active accounts per organisation id, in one grouped query."""
    return dict(
        db.session.execute(
            sa.select(User.organisation_id, sa.func.count(User.id))
            .where(User.active)
            .group_by(User.organisation_id)
        ).all()
    )


def possible_parents() -> list[Organisation]:
    """Active top-level organisations: only they may have organisations under them."""
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.parent_id.is_(None), Organisation.active)
            .order_by(Organisation.code)
        )
    )


def active_organisations(keep: int | None = None) -> list[Organisation]:
    """The organisations a person may be put in (plus `keep`, their current one)."""
    condition = (
        Organisation.active
        if keep is None
        else sa.or_(Organisation.active, Organisation.id == keep)
    )
    return list(
        db.session.scalars(sa.select(Organisation).where(condition).order_by(Organisation.code))
    )


def _check_name(name: str, organisation_id: int | None = None) -> str:
    name = name.strip()
    clash = db.session.scalar(
        sa.select(Organisation.id).where(
            Organisation.name == name, Organisation.id != (organisation_id or 0)
        )
    )
    if clash is not None:
        raise OrganisationError("name", _l("An organisation with this name already exists."))
    return name


def _next_code(prefix: str) -> str:
    """`13104-01`, `13104-02`…: children sort right after their municipality."""
    taken = set(
        db.session.scalars(
            sa.select(Organisation.code).where(Organisation.code.like(f"{prefix}-%"))
        )
    )
    number = 1
    while f"{prefix}-{number:02d}" in taken:
        number += 1
    return f"{prefix}-{number:02d}"


def add_organisation(
    name: str, kind: str, parent_id: int | None = None, code: str = ""
) -> Organisation:
    """A new organisation; without a code, one is made from the parent's (or the kind)."""
    name = _check_name(name)
    parent = None
    if parent_id is not None:
        parent = db.session.get(Organisation, parent_id)
        if parent is None or parent.parent_id is not None or not parent.active:
            raise OrganisationError("parent", _l("Choose an active top-level organisation."))
        if kind == OrganisationKind.MUNICIPALITY:
            raise OrganisationError(
                "parent", _l("A municipality cannot be under another organisation.")
            )
    code = code.strip()
    if code:
        if db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code)):
            raise OrganisationError("code", _l("This code is already used."))
    else:
        code = _next_code(parent.code if parent else kind)
    organisation = Organisation(name=name, kind=kind, parent=parent, code=code, active=True)
    db.session.add(organisation)
    db.session.flush()
    record(
        "organisation.add",
        organisation,
        {"kind": kind, "code": code, "parent": parent.name if parent else None},
    )
    return organisation


def rename_organisation(organisation: Organisation, name: str) -> None:
    name = _check_name(name, organisation.id)
    if name == organisation.name:
        return
    old = organisation.name
    organisation.name = name
    db.session.flush()
    record("organisation.rename", organisation, {"from": old, "to": name})


def set_organisation_active(organisation: Organisation, active: bool) -> None:
    """Deactivated organisations keep their people and reports; nobody new can join them."""
    if organisation.active == active:
        return
    organisation.active = active
    db.session.flush()
    record("organisation.reactivate" if active else "organisation.deactivate", organisation)
