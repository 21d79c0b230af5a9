"""Which learners a report shows, as SQL: one filter serves the summary, the matrix, the
exports and the API."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.models import Completion, Module, Organisation, User
from app.services.administration.organisations import organisation_ids
from app.services.learning.activity import activity
from app.services.learning.recertification import WhatCounts
from app.services.reporting.due_dates import DueDates
from app.vocabulary import EVERYONE, Audience, ModuleStatus, codes

# The states a report filters on. Each learner × module is in exactly one: completed (a
# completion that counts), expired (completions, none of which counts), in progress (reading
# or attempts that count, no completion) or not started.
STATUSES = (
    ModuleStatus.NOT_STARTED,
    ModuleStatus.IN_PROGRESS,
    ModuleStatus.COMPLETED,
    ModuleStatus.EXPIRED,
)
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


def _completed(
    module_ids: list[int], counts: WhatCounts, *, counted: bool | None
) -> sa.ColumnElement[bool]:
    """Users with a completion of one of the modules: one that counts (`counted` True), one
    that expired (False) or any (None). An uncorrelated subquery, which PostgreSQL and SQLite
    evaluate once (a hashed set), not once per learner."""
    rows = sa.select(Completion.user_id).where(Completion.module_id.in_(module_ids))
    if counted is True:
        rows = rows.where(counts.counted_completion())
    elif counted is False:
        rows = rows.where(counts.expired_completion())
    return User.id.in_(rows)


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


def _not_started(module: Module, counts: WhatCounts) -> sa.ColumnElement[bool]:
    started = activity(modules=[module.id], counts=counts).subquery()
    return sa.and_(
        _applies(module),
        ~_completed([module.id], counts, counted=None),
        ~User.id.in_(sa.select(started.c.user_id)),
    )


def _expired(module: Module, counts: WhatCounts) -> sa.ColumnElement[bool]:
    return sa.and_(
        _completed([module.id], counts, counted=False),
        ~_completed([module.id], counts, counted=True),
    )


def _overdue(
    module: Module, today: date, due: DueDates, counts: WhatCounts
) -> sa.ColumnElement[bool]:
    """Past the due date without a completion that counts: an expired one is not enough."""
    late = _late_groups(due, module.id, today)
    if not late:
        return sa.false()
    return sa.and_(
        _applies(module),
        ~_completed([module.id], counts, counted=True),
        sa.tuple_(User.organisation_id, User.audience).in_(late),
    )


def _any_module_in(
    state: str, shown: list[Module], today: date, due: DueDates, counts: WhatCounts
) -> sa.ColumnElement[bool]:
    """Learners with at least one shown module in `state`.

    "Completed" and "in progress" are one uncorrelated subquery over all shown modules (rows
    exist only for modules in a learner's curriculum); the others need each module's audience,
    due dates or completions, so they are one condition a module.
    """
    ids = [m.id for m in shown]
    if state == ModuleStatus.COMPLETED:
        return _completed(ids, counts, counted=True)
    if state == ModuleStatus.IN_PROGRESS:
        started = activity(modules=ids, counts=counts).subquery()
        unfinished = sa.select(started.c.user_id).where(
            ~sa.exists().where(
                Completion.user_id == started.c.user_id,
                Completion.module_id == started.c.module_id,
            )
        )
        return User.id.in_(unfinished)
    if state == ModuleStatus.EXPIRED:
        if not counts.expired_versions:
            return sa.false()
        return sa.or_(sa.false(), *(_expired(m, counts) for m in shown if counts.mark(m.id)))
    if state == ModuleStatus.NOT_STARTED:
        return sa.or_(sa.false(), *(_not_started(m, counts) for m in shown))
    return sa.or_(sa.false(), *(_overdue(m, today, due, counts) for m in shown))


def learners_query(
    flt: ReportFilter, modules: list[Module], today: date, due: DueDates, counts: WhatCounts
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
        query = query.where(_any_module_in(state, shown, today, due, counts))
    return query.order_by(Organisation.code, User.username)
