"""Completion reports: a fixed number of set-based queries, however many learners there are."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, Completion, Module, Organisation, SectionRead, User
from app.services.curriculum import COMPLETED, IN_PROGRESS, NOT_STARTED, published_modules


@dataclass(frozen=True)
class Learner:
    id: int
    username: str
    display_name: str
    organisation: str
    audience: str


@dataclass(frozen=True)
class Cell:
    status: str
    score: int | None = None
    completed_at: datetime | None = None


@dataclass
class ModuleTotals:
    assigned: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def rate(self) -> int:
        return (100 * self.completed) // self.assigned if self.assigned else 0


@dataclass
class CompletionMatrix:
    modules: list[Module]
    learners: list[Learner]
    # cells[learner.id][module.id]; a module outside the learner's curriculum has no cell.
    cells: dict[int, dict[int, Cell]]
    totals: dict[int, ModuleTotals] = field(default_factory=dict)

    def rows(self):
        """(learner, module, cell) for every module in each learner's curriculum, in order."""
        for learner in self.learners:
            row = self.cells[learner.id]
            for module in self.modules:
                if module.id in row:
                    yield learner, module, row[module.id]


def _learners_query(organisation_id: int | None):
    query = (
        sa.select(User.id, User.username, User.display_name, Organisation.name, User.audience)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(User.audience.is_not(None), User.active)
        .order_by(Organisation.code, User.username)
    )
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return query


def _scoped(query, user_column, organisation_id: int | None):
    """Limit a per-user query to one organisation by a join, never by a list of ids."""
    if organisation_id is None:
        return query
    return query.join(User, user_column == User.id).where(User.organisation_id == organisation_id)


def completion_matrix(organisation_id: int | None) -> CompletionMatrix:
    """Every learner of the organisation (all when None) × every module of their curriculum."""
    modules = published_modules()
    learners = [Learner(*row) for row in db.session.execute(_learners_query(organisation_id))]

    completed: dict[tuple[int, int], tuple[int | None, datetime]] = {}
    for user_id, module_id, score, completed_at in db.session.execute(
        _scoped(
            sa.select(
                Completion.user_id,
                Completion.module_id,
                Completion.score,
                Completion.completed_at,
            ).order_by(Completion.completed_at),
            Completion.user_id,
            organisation_id,
        )
    ):
        completed[(user_id, module_id)] = (score, completed_at)

    started: set[tuple[int, int]] = set()
    for model in (SectionRead, Attempt):
        started.update(
            (user_id, module_id)
            for user_id, module_id in db.session.execute(
                _scoped(
                    sa.select(model.user_id, model.module_id).distinct(),
                    model.user_id,
                    organisation_id,
                )
            )
        )

    totals = {module.id: ModuleTotals() for module in modules}
    audiences = {module.id: module.current_version for module in modules}
    cells: dict[int, dict[int, Cell]] = {}
    for learner in learners:
        row = cells[learner.id] = {}
        for module in modules:
            if not audiences[module.id].is_for(learner.audience):
                continue
            pair = (learner.id, module.id)
            total = totals[module.id]
            total.assigned += 1
            if pair in completed:
                score, at = completed[pair]
                row[module.id] = Cell(COMPLETED, score, at)
                total.completed += 1
            elif pair in started:
                row[module.id] = Cell(IN_PROGRESS)
                total.in_progress += 1
            else:
                row[module.id] = Cell(NOT_STARTED)
                total.not_started += 1
    return CompletionMatrix(modules, learners, cells, totals)
