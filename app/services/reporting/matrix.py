"""The learner × module matrix: one page of it for the report, every row for exports."""

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from app.dates import tokyo_today
from app.extensions import db
from app.models import Completion, Module, Organisation
from app.services.learning.activity import Ids, activity
from app.services.learning.curriculum import published_modules
from app.services.learning.recertification import WhatCounts, what_counts
from app.services.reporting.due_dates import DueDates, load_due_dates
from app.services.reporting.filters import Learner, ReportFilter, learners_query, shown_modules
from app.vocabulary import ModuleStatus


class Cell(NamedTuple):
    # A tuple, not a dataclass: an export builds a hundred thousand of them.
    status: str
    score: int | None = None
    completed_at: datetime | None = None
    due: date | None = None
    overdue: bool = False


class Tally(NamedTuple):
    """One learner's shown modules at a glance."""

    modules: int
    completed: int
    overdue: int


@dataclass
class MatrixPage:
    modules: list[Module]
    learners: list[Learner]
    cells: dict[int, dict[int, Cell]]
    total: int
    page: int
    pages: int

    def tally(self, learner_id: int) -> Tally:
        row = self.cells[learner_id].values()
        return Tally(
            len(row),
            sum(cell.status == ModuleStatus.COMPLETED for cell in row),
            sum(cell.overdue for cell in row),
        )


def _cells(
    learner_ids: Ids,
    modules: list[Module],
    learners: list[Learner],
    due: DueDates,
    today: date,
    counts: WhatCounts,
) -> dict[int, dict[int, Cell]]:
    """Status of every learner × shown module. `learner_ids` is a list or a subquery.

    An expired cell carries the old completion's score and date (history), and is overdue
    like one never completed.
    """
    completed: dict[tuple[int, int], tuple[int | None, datetime]] = {}
    expired: dict[tuple[int, int], tuple[int | None, datetime]] = {}
    for user_id, module_id, score, at, counted in db.session.execute(
        sa.select(
            Completion.user_id,
            Completion.module_id,
            Completion.score,
            Completion.completed_at,
            counts.counted_completion(),
        )
        .where(Completion.user_id.in_(learner_ids))
        .order_by(Completion.completed_at, Completion.id)
    ):  # the latest of each kind wins
        (completed if counted else expired)[(user_id, module_id)] = (score, at)
    started = {(u, m) for u, m in db.session.execute(activity(users=learner_ids, counts=counts))}

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
                if module.version.is_for(learner.audience):
                    deadline = due.due(learner.organisation_id, module.id, learner.audience)
                    plan.append((module.id, deadline, deadline is not None and deadline < today))
        row = cells[learner.id] = {}
        for module_id, deadline, late in plan:
            pair = (learner.id, module_id)
            finished = completed.get(pair)
            if finished is not None:
                row[module_id] = Cell(
                    ModuleStatus.COMPLETED, finished[0], finished[1], deadline, False
                )
            elif (old := expired.get(pair)) is not None:
                row[module_id] = Cell(ModuleStatus.EXPIRED, old[0], old[1], deadline, late)
            elif pair in started:
                row[module_id] = Cell(ModuleStatus.IN_PROGRESS, None, None, deadline, late)
            else:
                row[module_id] = Cell(ModuleStatus.NOT_STARTED, None, None, deadline, late)
    return cells


def matrix_page(flt: ReportFilter, page: int, per_page: int, clamp: bool = True) -> MatrixPage:
    """One page of learners the filter shows, with a cell for each shown module.

    A page past the end shows the last one, or (clamp=False, for programs that read until
    an empty page) no learners.
    """
    modules = published_modules()
    shown = shown_modules(modules, flt)
    today = tokyo_today()
    due = load_due_dates(flt.organisation_id)
    counts = what_counts()
    query = learners_query(flt, modules, today, due, counts)
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(query.subquery())
    ).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages) if clamp else max(1, page)
    learners = [
        Learner(*row)
        for row in db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    ]
    cells = _cells([learner.id for learner in learners], shown, learners, due, today, counts)
    return MatrixPage(shown, learners, cells, total, page, pages)


def report_rows(flt: ReportFilter) -> Iterator[tuple[Learner, Module, Cell]]:
    """Every (learner, module, cell) the filter shows, for exports: streamed, never held.

    One query, whatever the number of learners: each learner's row, completions and activity
    as one UNION ALL in the learners' order, read in chunks and grouped by learner, so that
    memory holds one learner at a time and every figure comes from one snapshot.
    """
    modules = published_modules()
    shown = shown_modules(modules, flt)
    by_id = {module.id: module for module in shown}
    today = tokyo_today()
    due = load_due_dates(flt.organisation_id)
    counts = what_counts()
    learners = (
        learners_query(flt, modules, today, due, counts)
        .add_columns(Organisation.code.label("organisation_code"))
        .order_by(None)
        .cte("learners")
    )
    columns = [learners.c[name] for name in _LEARNER_COLUMNS]
    started = activity(users=sa.select(learners.c.id), counts=counts).subquery()
    stream = sa.union_all(
        sa.select(
            *columns,
            sa.literal(0, sa.Integer).label("kind"),
            sa.cast(sa.null(), sa.Integer).label("module_id"),
            sa.cast(sa.null(), sa.Integer).label("score"),
            sa.cast(sa.null(), sa.DateTime).label("completed_at"),
            sa.cast(sa.null(), sa.Boolean).label("counted"),
        ),
        sa.select(
            *columns,
            sa.literal(1, sa.Integer),
            Completion.module_id,
            Completion.score,
            Completion.completed_at,
            counts.counted_completion(),
        ).join(Completion, Completion.user_id == learners.c.id),
        sa.select(
            *columns,
            sa.literal(2, sa.Integer),
            started.c.module_id,
            sa.null(),
            sa.null(),
            sa.null(),
        ).join(started, started.c.user_id == learners.c.id),
    ).subquery()
    ordered = sa.select(stream).order_by(
        stream.c.organisation_code, stream.c.username, stream.c.kind, stream.c.completed_at
    )
    # Core rows (plain tuples), fetched _CHUNK at a time (a server-side cursor on PostgreSQL).
    result = db.session.connection().execute(ordered.execution_options(stream_results=True))
    rows = itertools.chain.from_iterable(result.partitions(_CHUNK))
    plans: dict[tuple[int, str], list[tuple[int, date | None, bool]]] = {}
    for _user_id, group in itertools.groupby(rows, key=_first):
        learner: Learner | None = None
        # The latest completion of each kind wins; an expired one is kept as history.
        completed: dict[int, tuple[int | None, datetime]] = {}
        expired: dict[int, tuple[int | None, datetime]] = {}
        begun: set[int] = set()
        for row in group:
            kind = row[_KIND]
            if kind == 0:
                learner = Learner(*row[:_FIELDS])
            elif kind == 1:
                finished = (row[_KIND + 2], row[_KIND + 3])
                (completed if row[_KIND + 4] else expired)[row[_KIND + 1]] = finished
            else:
                begun.add(row[_KIND + 1])
        assert learner is not None  # every learner has their kind-0 row
        key = (learner.organisation_id, learner.audience)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(shown, learner, due, today)
        for module_id, deadline, late in plan:
            if (done := completed.get(module_id)) is not None:
                cell = Cell(ModuleStatus.COMPLETED, done[0], done[1], deadline, False)
            elif (old := expired.get(module_id)) is not None:
                cell = Cell(ModuleStatus.EXPIRED, old[0], old[1], deadline, late)
            elif module_id in begun:
                cell = Cell(ModuleStatus.IN_PROGRESS, None, None, deadline, late)
            else:
                cell = Cell(ModuleStatus.NOT_STARTED, None, None, deadline, late)
            yield learner, by_id[module_id], cell


_first = operator.itemgetter(0)


# Learner's fields in order, then the sort key the export is read in.
_LEARNER_COLUMNS = (
    "id",
    "username",
    "display_name",
    "name",
    "audience",
    "organisation_id",
    "organisation_code",
)
_FIELDS = len(_LEARNER_COLUMNS) - 1  # the Learner's own
_KIND = len(_LEARNER_COLUMNS)  # then kind, module_id, score, completed_at, counted
_CHUNK = 2000  # rows fetched at a time


def _plan(
    modules: list[Module], learner: Learner, due: DueDates, today: date
) -> list[tuple[int, date | None, bool]]:
    """The modules that apply to the learner's organisation and audience, with due dates."""
    plan = []
    for module in modules:
        if module.version.is_for(learner.audience):
            deadline = due.due(learner.organisation_id, module.id, learner.audience)
            plan.append((module.id, deadline, deadline is not None and deadline < today))
    return plan
