"""Which learners a report shows, as SQL: one filter serves the summary, the matrix, the
exports and the API."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.models import Completion, Module, Organisation, User
from app.services.administration.organisations import organisation_ids
from app.services.learning.activity import activity
from app.services.reporting.due_dates import DueDates
from app.vocabulary import EVERYONE, Audience, ModuleStatus, codes

# The states a report filters on (expired completions count as not completed).
STATUSES = (ModuleStatus.NOT_STARTED, ModuleStatus.IN_PROGRESS, ModuleStatus.COMPLETED)
OVERDUE = "overdue"


@dataclass(frozen=True)
class ReportFilter:
    """What a report shows. `organisation_id` None means every organisation (admins only);
    an organisation includes the organisations under it."""

    organisation_id: int | None = None
    audience: str | None = None
    module: str | None = None  # a slug: only that module's column
    status: str | None = None  # learners with a shown module in this state
    overdue: bool = False  # learners with a shown module past its due date
    search: str = ""


@dataclass(frozen=True)
class Learner:
    id: int
    username: str
    display_name: str
    organisation: str
    audience: str
    organisation_id: int


def shown_modules(modules: list[Module], flt: ReportFilter) -> list[Module]:
    return [m for m in modules if flt.module in (None, m.slug)]


def in_scope(query: sa.Select, organisation_id: int | None) -> sa.Select:
    """Only active learners, of the organisation and the centres under it (None: everyone)."""
    query = query.where(User.audience.is_not(None), User.active)
    if organisation_id is not None:
        query = query.where(User.organisation_id.in_(organisation_ids(organisation_id)))
    return query


def _applies(module: Module) -> sa.ColumnElement[bool]:
    audiences = module.version.audiences
    return sa.true() if EVERYONE in audiences else User.audience.in_(audiences)


def _has(model: type[Completion], module_id: int) -> sa.ColumnElement[bool]:
    """Users with a row of `model` for the module: an uncorrelated subquery, which PostgreSQL
    and SQLite evaluate once (a hashed set), not once per learner."""
    return User.id.in_(sa.select(model.user_id).where(model.module_id == module_id))


def _late_groups(due: DueDates, module_id: int, today: date) -> list[tuple[int, str]]:
    """(organisation, audience) pairs whose effective due date for the module has passed.

    Worked out in Python from the few due dates there are, so that the SQL filter is a plain
    IN list rather than a correlated lookup per learner and module.
    """
    organisations = {org for org, _, _ in due.by_key} | set(due.parents)
    return [
        (org, audience)
        for org in organisations
        for audience in codes(Audience)
        if (deadline := due.due(org, module_id, audience)) is not None and deadline < today
    ]


def _not_started(module: Module) -> sa.ColumnElement[bool]:
    started = activity(modules=[module.id]).subquery()
    return sa.and_(
        _applies(module),
        ~_has(Completion, module.id),
        ~User.id.in_(sa.select(started.c.user_id)),
    )


def _overdue(module: Module, today: date, due: DueDates) -> sa.ColumnElement[bool]:
    late = _late_groups(due, module.id, today)
    if not late:
        return sa.false()
    return sa.and_(
        _applies(module),
        ~_has(Completion, module.id),
        sa.tuple_(User.organisation_id, User.audience).in_(late),
    )


def _any_module_in(
    state: str, shown: list[Module], today: date, due: DueDates
) -> sa.ColumnElement[bool]:
    """Learners with at least one shown module in `state`.

    "Completed" and "in progress" are one uncorrelated subquery over all shown modules (rows
    exist only for modules in a learner's curriculum); the others need each module's audience
    or due dates, so they are one condition a module.
    """
    ids = [m.id for m in shown]
    if state == ModuleStatus.COMPLETED:
        return User.id.in_(sa.select(Completion.user_id).where(Completion.module_id.in_(ids)))
    if state == ModuleStatus.IN_PROGRESS:
        started = activity(modules=ids).subquery()
        unfinished = sa.select(started.c.user_id).where(
            ~sa.exists().where(
                Completion.user_id == started.c.user_id,
                Completion.module_id == started.c.module_id,
            )
        )
        return User.id.in_(unfinished)
    if state == ModuleStatus.NOT_STARTED:
        return sa.or_(sa.false(), *(_not_started(m) for m in shown))
    return sa.or_(sa.false(), *(_overdue(m, today, due) for m in shown))


def learners_query(
    flt: ReportFilter, modules: list[Module], today: date, due: DueDates
) -> sa.Select:
    """SELECT the filtered learners (id first), ordered for display."""
    query = in_scope(
        sa.select(
            User.id,
            User.username,
            User.display_name,
            Organisation.name,
            User.audience,
            User.organisation_id,
        ).join(Organisation, User.organisation_id == Organisation.id),
        flt.organisation_id,
    )
    if flt.audience:
        query = query.where(User.audience == flt.audience)
    if flt.search:
        pattern = (
            "%" + flt.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        query = query.where(
            sa.or_(
                User.username.ilike(pattern, escape="\\"),
                User.display_name.ilike(pattern, escape="\\"),
            )
        )
    shown = shown_modules(modules, flt)
    for state in ([flt.status] if flt.status else []) + ([OVERDUE] if flt.overdue else []):
        query = query.where(_any_module_in(state, shown, today, due))
    return query.order_by(Organisation.code, User.username)
