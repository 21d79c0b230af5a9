"""Completion reports: a fixed number of set-based queries, however many learners there are.

Three shapes are served from the same filter: the summary (grouped counts), one page of the
learner × module matrix, and every row of it for the exports and the API.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from app.dates import tokyo_today
from app.extensions import db
from app.models import (
    AUDIENCES,
    Attempt,
    Completion,
    Module,
    ModuleAssignment,
    Organisation,
    SectionRead,
    User,
)
from app.services.curriculum import COMPLETED, IN_PROGRESS, NOT_STARTED, published_modules
from app.services.organisations import organisation_ids

STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)


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


class Cell(NamedTuple):
    # A tuple, not a dataclass: an export builds a hundred thousand of them.
    status: str
    score: int | None = None
    completed_at: datetime | None = None
    due: date | None = None
    overdue: bool = False


@dataclass
class Totals:
    assigned: int = 0
    completed: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def not_started(self) -> int:
        return self.assigned - self.completed - self.in_progress

    @property
    def rate(self) -> int:
        return (100 * self.completed) // self.assigned if self.assigned else 0


@dataclass
class Summary:
    modules: list[Module]
    per_module: dict[int, Totals]
    per_audience: dict[str, Totals]
    per_organisation: dict[str, Totals]
    learners: int


@dataclass
class MatrixPage:
    modules: list[Module]
    learners: list[Learner]
    cells: dict[int, dict[int, Cell]]
    total: int
    page: int
    pages: int


@dataclass
class DueDates:
    """Effective due dates: an audience's own date wins over the organisation-wide one, and
    an organisation's own dates over those of the municipality it belongs to."""

    by_key: dict[tuple[int, int, str], date] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)

    def due(self, organisation_id: int, module_id: int, audience: str) -> date | None:
        for org in (organisation_id, self.parents.get(organisation_id)):
            if org is None:
                continue
            found = self.by_key.get((org, module_id, audience)) or self.by_key.get(
                (org, module_id, "all")
            )
            if found is not None:
                return found
        return None


def load_due_dates(organisation_id: int | None) -> DueDates:
    query = sa.select(
        ModuleAssignment.organisation_id,
        ModuleAssignment.module_id,
        ModuleAssignment.audience,
        ModuleAssignment.due_date,
    )
    parents_query = sa.select(Organisation.id, Organisation.parent_id)
    if organisation_id is not None:
        # The organisation, its centres, and the municipality above it (whose dates they share).
        family = sa.union(
            organisation_ids(organisation_id),
            sa.select(Organisation.parent_id).where(
                Organisation.id == organisation_id, Organisation.parent_id.is_not(None)
            ),
        ).subquery()
        query = query.where(ModuleAssignment.organisation_id.in_(sa.select(family.c[0])))
        parents_query = parents_query.where(Organisation.id.in_(organisation_ids(organisation_id)))
    return DueDates(
        {(o, m, a): d for o, m, a, d in db.session.execute(query)},
        dict(db.session.execute(parents_query).all()),
    )


# --- which learners a filter selects, as SQL -------------------------------------------------


def shown_modules(modules: list[Module], flt: ReportFilter) -> list[Module]:
    return [m for m in modules if flt.module in (None, m.slug)]


def _applies(module: Module):
    audiences = module.current_version.audiences
    return sa.true() if "all" in audiences else User.audience.in_(audiences)


def _users_with(model, module_id: int):
    """Ids of users with a row of `model` for the module: an uncorrelated subquery, which
    PostgreSQL and SQLite evaluate once (a hashed set), not once per learner."""
    return sa.select(model.user_id).where(model.module_id == module_id)


def _has(model, module_id: int):
    return User.id.in_(_users_with(model, module_id))


def _late_groups(due: DueDates, module_id: int, today: date) -> list[tuple[int, str]]:
    """(organisation, audience) pairs whose effective due date for the module has passed.

    Worked out in Python from the few due dates there are, so that the SQL filter is a plain
    IN list rather than a correlated lookup per learner and module.
    """
    organisations = {org for org, _, _ in due.by_key} | set(due.parents)
    return [
        (org, audience)
        for org in organisations
        for audience in AUDIENCES
        if (deadline := due.due(org, module_id, audience)) is not None and deadline < today
    ]


def _state_sql(module: Module, state: str, today: date, due: DueDates):
    """Not started, or overdue, for one module: both depend on the module's audience or dates."""
    done = _has(Completion, module.id)
    if state == NOT_STARTED:
        condition = sa.and_(~done, ~_has(SectionRead, module.id), ~_has(Attempt, module.id))
    else:  # overdue
        late = _late_groups(due, module.id, today)
        if not late:
            return sa.false()
        condition = sa.and_(~done, sa.tuple_(User.organisation_id, User.audience).in_(late))
    return sa.and_(_applies(module), condition)


def _any_module_in(state: str, shown: list[Module], today: date, due: DueDates):
    """Learners with at least one shown module in `state`.

    "Completed" and "in progress" are one uncorrelated subquery over all shown modules (rows
    exist only for modules in a learner's curriculum); the others need each module's audience
    or due dates, so they are one condition a module.
    """
    ids = [m.id for m in shown]
    if state == COMPLETED:
        return User.id.in_(sa.select(Completion.user_id).where(Completion.module_id.in_(ids)))
    if state == IN_PROGRESS:
        activity = sa.union(
            sa.select(SectionRead.user_id, SectionRead.module_id).where(
                SectionRead.module_id.in_(ids)
            ),
            sa.select(Attempt.user_id, Attempt.module_id).where(Attempt.module_id.in_(ids)),
        ).subquery()
        unfinished = sa.select(activity.c.user_id).where(
            ~sa.exists().where(
                Completion.user_id == activity.c.user_id,
                Completion.module_id == activity.c.module_id,
            )
        )
        return User.id.in_(unfinished)
    return sa.or_(sa.false(), *(_state_sql(m, state, today, due) for m in shown))


def learners_query(flt: ReportFilter, modules: list[Module], today: date, due: DueDates):
    """SELECT the filtered learners (id first), ordered for display."""
    query = (
        sa.select(
            User.id,
            User.username,
            User.display_name,
            Organisation.name,
            User.audience,
            User.organisation_id,
        )
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(User.audience.is_not(None), User.active)
    )
    if flt.organisation_id is not None:
        # The organisation's centres and NPOs roll up into its report.
        query = query.where(User.organisation_id.in_(organisation_ids(flt.organisation_id)))
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
    for state in ([flt.status] if flt.status else []) + (["overdue"] if flt.overdue else []):
        query = query.where(_any_module_in(state, shown, today, due))
    return query.order_by(Organisation.code, User.username)


# --- cells ----------------------------------------------------------------------------------


def _cells(
    learner_ids, modules: list[Module], learners: list[Learner], due: DueDates, today: date
) -> dict[int, dict[int, Cell]]:
    """Status of every learner × shown module. `learner_ids` is a list or a subquery."""
    completed: dict[tuple[int, int], tuple[int | None, datetime]] = {}
    for user_id, module_id, score, at in db.session.execute(
        sa.select(
            Completion.user_id, Completion.module_id, Completion.score, Completion.completed_at
        )
        .where(Completion.user_id.in_(learner_ids))
        .order_by(Completion.completed_at)
    ):
        completed[(user_id, module_id)] = (score, at)
    activity = sa.union(
        sa.select(SectionRead.user_id, SectionRead.module_id).where(
            SectionRead.user_id.in_(learner_ids)
        ),
        sa.select(Attempt.user_id, Attempt.module_id).where(Attempt.user_id.in_(learner_ids)),
    )
    started = {(u, m) for u, m in db.session.execute(activity)}

    cells: dict[int, dict[int, Cell]] = {}
    # What applies to a learner depends only on their organisation and audience: work it out
    # once per pair, not once per learner.
    plans: dict[tuple[int, str], list[tuple[int, date | None, bool]]] = {}
    for learner in learners:
        group = (learner.organisation_id, learner.audience)
        plan = plans.get(group)
        if plan is None:
            plan = plans[group] = []
            for module in modules:
                if module.current_version.is_for(learner.audience):
                    deadline = due.due(learner.organisation_id, module.id, learner.audience)
                    plan.append((module.id, deadline, deadline is not None and deadline < today))
        row = cells[learner.id] = {}
        for module_id, deadline, late in plan:
            pair = (learner.id, module_id)
            finished = completed.get(pair)
            if finished is not None:
                row[module_id] = Cell(COMPLETED, finished[0], finished[1], deadline, False)
            elif pair in started:
                row[module_id] = Cell(IN_PROGRESS, None, None, deadline, late)
            else:
                row[module_id] = Cell(NOT_STARTED, None, None, deadline, late)
    return cells


def matrix_page(flt: ReportFilter, page: int, per_page: int) -> MatrixPage:
    modules = published_modules()
    shown = shown_modules(modules, flt)
    today = tokyo_today()
    due = load_due_dates(flt.organisation_id)
    query = learners_query(flt, modules, today, due)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    learners = [
        Learner(*row)
        for row in db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    ]
    cells = _cells(
        [learner.id for learner in learners],
        shown,
        learners,
        due,
        today,
    )
    return MatrixPage(shown, learners, cells, total, page, pages)


def report_rows(flt: ReportFilter) -> Iterator[tuple[Learner, Module, Cell]]:
    """Every (learner, module, cell) the filter shows, for exports: no paging, same queries."""
    modules = published_modules()
    shown = shown_modules(modules, flt)
    today = tokyo_today()
    due = load_due_dates(flt.organisation_id)
    query = learners_query(flt, modules, today, due)
    learners = [Learner(*row) for row in db.session.execute(query)]
    ids = query.with_only_columns(User.id).order_by(None)
    cells = _cells(ids, shown, learners, due, today)
    for learner in learners:
        row = cells[learner.id]
        for module in shown:
            cell = row.get(module.id)
            if cell is not None:
                yield learner, module, cell


# --- summary --------------------------------------------------------------------------------


def summary(organisation_id: int | None) -> Summary:
    """Totals per module, per audience and per organisation from grouped counts."""
    modules = published_modules()
    today = tokyo_today()
    due = load_due_dates(organisation_id)

    def scoped(query):
        query = query.where(User.audience.is_not(None), User.active)
        if organisation_id is not None:
            query = query.where(User.organisation_id.in_(organisation_ids(organisation_id)))
        return query

    groups = {
        (org, audience): count
        for org, audience, count in db.session.execute(
            scoped(sa.select(User.organisation_id, User.audience, sa.func.count(User.id))).group_by(
                User.organisation_id, User.audience
            )
        )
    }
    names = dict(db.session.execute(sa.select(Organisation.id, Organisation.name)).all())

    def per_group(source):
        counts: dict[tuple[int, str, int], int] = defaultdict(int)
        for org, audience, module_id, count in db.session.execute(source):
            counts[(org, audience, module_id)] = count
        return counts

    done = per_group(
        scoped(
            sa.select(
                User.organisation_id,
                User.audience,
                Completion.module_id,
                sa.func.count(sa.distinct(Completion.user_id)),
            ).join(User, Completion.user_id == User.id)
        ).group_by(User.organisation_id, User.audience, Completion.module_id)
    )
    in_scope = scoped(sa.select(User.id))
    activity = sa.union(
        sa.select(SectionRead.user_id, SectionRead.module_id).where(
            SectionRead.user_id.in_(in_scope)
        ),
        sa.select(Attempt.user_id, Attempt.module_id).where(Attempt.user_id.in_(in_scope)),
    ).subquery()
    not_done = ~(
        sa.select(1)
        .where(
            Completion.user_id == activity.c.user_id, Completion.module_id == activity.c.module_id
        )
        .exists()
    )
    started = per_group(
        scoped(
            sa.select(
                User.organisation_id,
                User.audience,
                activity.c.module_id,
                sa.func.count(activity.c.user_id),
            )
            .join(User, activity.c.user_id == User.id)
            .where(not_done)
        ).group_by(User.organisation_id, User.audience, activity.c.module_id)
    )

    per_module = {m.id: Totals() for m in modules}
    per_audience: dict[str, Totals] = defaultdict(Totals)
    per_organisation: dict[str, Totals] = defaultdict(Totals)
    for (org, audience), count in groups.items():
        for module in modules:
            if not module.current_version.is_for(audience):
                continue
            key = (org, audience, module.id)
            deadline = due.due(org, module.id, audience)
            late = count - done[key] if deadline is not None and deadline < today else 0
            for totals in (
                per_module[module.id],
                per_audience[audience],
                per_organisation[names[org]],
            ):
                totals.assigned += count
                totals.completed += done[key]
                totals.in_progress += started[key]
                totals.overdue += late
    return Summary(
        modules, per_module, dict(per_audience), dict(per_organisation), sum(groups.values())
    )
