"""Totals per module, per audience and per organisation, from grouped counts."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from app.dates import tokyo_today
from app.extensions import db
from app.models import Completion, Module, Organisation, User
from app.services.learning.activity import activity
from app.services.learning.curriculum import published_modules
from app.services.learning.recertification import WhatCounts, what_counts
from app.services.reporting.due_dates import load_due_dates
from app.services.reporting.filters import in_scope


@dataclass
class Totals:
    assigned: int = 0
    completed: int = 0  # a completion that counts
    expired: int = 0  # completed on a version before a re-certification, not yet again
    in_progress: int = 0
    overdue: int = 0  # past the due date without a completion that counts

    @property
    def not_started(self) -> int:
        return self.assigned - self.completed - self.expired - self.in_progress

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


def _counts(source: sa.Select) -> dict[tuple[int, str, int], int]:
    counts: dict[tuple[int, str, int], int] = defaultdict(int)
    for org, audience, module_id, count in db.session.execute(source):
        counts[(org, audience, module_id)] = count
    return counts


def _completion_counts(
    organisation_id: int | None, counts: WhatCounts
) -> tuple[dict[tuple[int, str, int], int], dict[tuple[int, str, int], int]]:
    """Per (organisation, audience, module): learners with a completion that counts, and
    learners whose completions have all expired. One grouped query over one row per learner
    and module."""
    per_learner = (
        sa.select(
            Completion.user_id,
            Completion.module_id,
            sa.func.max(sa.case((counts.counted_completion(), 1), else_=0)).label("counted"),
        )
        .where(Completion.user_id.in_(in_scope(sa.select(User.id), organisation_id)))
        .group_by(Completion.user_id, Completion.module_id)
        .subquery()
    )
    done: dict[tuple[int, str, int], int] = defaultdict(int)
    expired: dict[tuple[int, str, int], int] = defaultdict(int)
    for org, audience, module_id, counted, learners in db.session.execute(
        in_scope(
            sa.select(
                User.organisation_id,
                User.audience,
                per_learner.c.module_id,
                sa.func.sum(per_learner.c.counted),
                sa.func.count(per_learner.c.user_id),
            ).join(User, per_learner.c.user_id == User.id),
            organisation_id,
        ).group_by(User.organisation_id, User.audience, per_learner.c.module_id)
    ):
        done[(org, audience, module_id)] = int(counted)
        expired[(org, audience, module_id)] = learners - int(counted)
    return done, expired


def summary(organisation_id: int | None) -> Summary:
    """Totals per module, per audience and per organisation from grouped counts."""
    modules = published_modules()
    today = tokyo_today()
    due = load_due_dates(organisation_id)

    groups = {
        (org, audience): count
        for org, audience, count in db.session.execute(
            in_scope(
                sa.select(User.organisation_id, User.audience, sa.func.count(User.id)),
                organisation_id,
            ).group_by(User.organisation_id, User.audience)
        )
    }
    names = dict(db.session.execute(sa.select(Organisation.id, Organisation.name)).all())
    counts = what_counts()
    done, expired = _completion_counts(organisation_id, counts)
    started = activity(
        users=in_scope(sa.select(User.id), organisation_id), counts=counts
    ).subquery()
    # In progress: started (what counts) without any completion; an expired one is counted
    # as expired, however far the learner has got again.
    not_done = ~(
        sa.select(1)
        .where(Completion.user_id == started.c.user_id, Completion.module_id == started.c.module_id)
        .exists()
    )
    in_progress = _counts(
        in_scope(
            sa.select(
                User.organisation_id,
                User.audience,
                started.c.module_id,
                sa.func.count(started.c.user_id),
            )
            .join(User, started.c.user_id == User.id)
            .where(not_done),
            organisation_id,
        ).group_by(User.organisation_id, User.audience, started.c.module_id)
    )

    per_module = {m.id: Totals() for m in modules}
    per_audience: dict[str, Totals] = defaultdict(Totals)
    per_organisation: dict[str, Totals] = defaultdict(Totals)
    for (org, audience), count in groups.items():
        for module in modules:
            if not module.version.is_for(audience):
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
                totals.expired += expired[key]
                totals.in_progress += in_progress[key]
                totals.overdue += late
    return Summary(
        modules, per_module, dict(per_audience), dict(per_organisation), sum(groups.values())
    )
