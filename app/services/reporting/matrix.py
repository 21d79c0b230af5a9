"""The learner × module matrix: one page of it for the report, every row for exports."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import sqlalchemy as sa

from app.dates import tokyo_today
from app.extensions import db
from app.models import Completion, Module, User
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


def matrix_page(flt: ReportFilter, page: int, per_page: int) -> MatrixPage:
    """One page of learners the filter shows, with a cell for each shown module."""
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
    page = min(max(1, page), pages)
    learners = [
        Learner(*row)
        for row in db.session.execute(query.limit(per_page).offset((page - 1) * per_page))
    ]
    cells = _cells([learner.id for learner in learners], shown, learners, due, today, counts)
    return MatrixPage(shown, learners, cells, total, page, pages)


def report_rows(flt: ReportFilter) -> Iterator[tuple[Learner, Module, Cell]]:
    """Every (learner, module, cell) the filter shows, for exports: no paging, same queries."""
    modules = published_modules()
    shown = shown_modules(modules, flt)
    today = tokyo_today()
    due = load_due_dates(flt.organisation_id)
    counts = what_counts()
    query = learners_query(flt, modules, today, due, counts)
    learners = [Learner(*row) for row in db.session.execute(query)]
    ids = query.with_only_columns(User.id).order_by(None)
    cells = _cells(ids, shown, learners, due, today, counts)
    for learner in learners:
        row = cells[learner.id]
        for module in shown:
            cell = row.get(module.id)
            if cell is not None:
                yield learner, module, cell
