"""Totals per module, per audience and per organisation, from grouped counts.

Two kinds of totals, never mixed up on the page:
- `Totals` count learner × module pairs: per module that is people (a learner has a module
  once), per audience and organisation it is module assignments ("延べ").
- `People` count each learner once, in the state of their whole curriculum (`_people` says
  which).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.dates import tokyo_today
from app.extensions import db
from app.models import Completion, Module, Organisation, User
from app.services.learning.activity import activity
from app.services.learning.curriculum import published_modules
from app.services.learning.recertification import WhatCounts, what_counts
from app.services.reporting.due_dates import DueDates, load_due_dates
from app.services.reporting.filters import in_scope
from app.vocabulary import Audience, ModuleStatus, codes


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
class People:
    """Learners, each counted once in the state of their whole curriculum (the modules of
    their audience): completed, expired, in progress or not started; overdue besides."""

    learners: int = 0
    completed: int = 0
    expired: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def not_started(self) -> int:
        return self.learners - self.completed - self.expired - self.in_progress

    @property
    def rate(self) -> int:
        return (100 * self.completed) // self.learners if self.learners else 0

    def add(self, state: str, overdue: bool, count: int) -> None:
        self.learners += count
        if state == ModuleStatus.COMPLETED:
            self.completed += count
        elif state == ModuleStatus.EXPIRED:
            self.expired += count
        elif state == ModuleStatus.IN_PROGRESS:
            self.in_progress += count
        if overdue:
            self.overdue += count

    def __iadd__(self, other: "People") -> "People":
        self.learners += other.learners
        self.completed += other.completed
        self.expired += other.expired
        self.in_progress += other.in_progress
        self.overdue += other.overdue
        return self


@dataclass
class Summary:
    modules: list[Module]
    per_module: dict[int, Totals]
    per_audience: dict[str, Totals]  # module assignments of the audience's learners
    per_organisation: dict[str, Totals]
    learners: int
    people_per_audience: dict[str, People]
    people_per_organisation: dict[str, People]


def _counts(source: sa.Select) -> dict[tuple[int, str, int], int]:
    counts: dict[tuple[int, str, int], int] = defaultdict(int)
    for org, audience, module_id, count in db.session.execute(source):
        counts[(org, audience, module_id)] = count
    return counts


def _completions_per_learner(organisation_id: int | None, counts: WhatCounts) -> sa.Subquery:
    """One row per learner and module they ever completed: `counted` is 1 if a completion
    counts, 0 if every one of them has expired."""
    return (
        sa.select(
            Completion.user_id,
            Completion.module_id,
            sa.func.max(sa.case((counts.counted_completion(), 1), else_=0)).label("counted"),
        )
        .where(Completion.user_id.in_(in_scope(sa.select(User.id), organisation_id)))
        .group_by(Completion.user_id, Completion.module_id)
        .subquery()
    )


def _unfinished(organisation_id: int | None, counts: WhatCounts) -> sa.Subquery:
    """(user_id, module_id) started (what counts) without any completion. An expired
    completion makes a module expired, however far the learner has got again."""
    started = activity(
        users=in_scope(sa.select(User.id), organisation_id), counts=counts
    ).subquery()
    return (
        sa.select(started.c.user_id, started.c.module_id)
        .where(
            ~sa.select(1)
            .where(
                Completion.user_id == started.c.user_id,
                Completion.module_id == started.c.module_id,
            )
            .exists()
        )
        .subquery()
    )


def _completion_counts(
    organisation_id: int | None, per_learner: sa.Subquery
) -> tuple[dict[tuple[int, str, int], int], dict[tuple[int, str, int], int]]:
    """Per (organisation, audience, module): learners with a completion that counts, and
    learners whose completions have all expired. One grouped query over one row per learner
    and module."""
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


def _late_modules(
    due: DueDates, curricula: dict[str, list[int]], today: date
) -> dict[frozenset[int], list[tuple[int, str]]]:
    """The modules past their due date, grouped: each set of late modules with the
    (organisation, audience) pairs it applies to. Worked out in Python from the few due dates
    there are, so that the SQL is a few IN lists rather than a lookup per learner."""
    organisations = {org for org, _, _ in due.by_key} | set(due.parents)
    groups: dict[frozenset[int], list[tuple[int, str]]] = defaultdict(list)
    for org in sorted(organisations):
        for audience, module_ids in curricula.items():
            late = frozenset(
                module_id
                for module_id in module_ids
                if (deadline := due.due(org, module_id, audience)) is not None and deadline < today
            )
            if late:
                groups[late].append((org, audience))
    return dict(groups)


def _people(
    organisation_id: int | None,
    modules: list[Module],
    per_learner: sa.Subquery,
    unfinished: sa.Subquery,
    due: DueDates,
    today: date,
) -> dict[tuple[int, str], dict[tuple[str, bool], int]]:
    """Per (organisation, audience): how many learners are in each state of their whole
    curriculum (the modules of their audience), and whether overdue. Of those modules, a
    learner has some done (a completion that counts), some expired (completed only on a
    version before a re-certification) and some begun (what counts, no completion):
    - completed: every module done;
    - expired (要再受講): every module done or expired, at least one expired;
    - in progress: anything begun, done or expired, but not every module;
    - not started: nothing at all (so also a learner whose audience has no modules);
    - overdue, besides: a module past its due date and not done (expired is not done).
    One grouped query: a row per learner inside SQL, a handful of rows out."""
    curricula = {
        audience: [m.id for m in modules if m.version.is_for(audience)]
        for audience in codes(Audience)
    }
    late = _late_modules(due, curricula, today)
    # Every (learner, module) with something to show, each pair once: completions (done or
    # expired) and modules begun without a completion.
    facts = sa.union_all(
        sa.select(
            per_learner.c.user_id,
            per_learner.c.module_id,
            per_learner.c.counted.label("done"),
            (1 - per_learner.c.counted).label("expired"),
            sa.literal(0).label("busy"),
        ),
        sa.select(
            unfinished.c.user_id,
            unfinished.c.module_id,
            sa.literal(0),
            sa.literal(0),
            sa.literal(1),
        ),
    ).subquery()
    in_curriculum = sa.or_(
        sa.false(),
        *(
            sa.and_(User.audience == audience, facts.c.module_id.in_(ids))
            for audience, ids in curricula.items()
            if ids
        ),
    )
    late_here = sa.or_(
        sa.false(),
        *(
            sa.and_(
                sa.tuple_(User.organisation_id, User.audience).in_(pairs),
                facts.c.module_id.in_(sorted(module_ids)),
            )
            for module_ids, pairs in late.items()
        ),
    )

    def total(column: sa.ColumnElement[int]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(column), 0)

    learner = in_scope(
        sa.select(
            User.organisation_id.label("org"),
            User.audience.label("audience"),
            total(facts.c.done).label("done"),
            total(facts.c.expired).label("expired"),
            total(facts.c.busy).label("busy"),
            total(sa.case((sa.and_(late_here, facts.c.done == 1), 1), else_=0)).label("late_done"),
        ).outerjoin(facts, sa.and_(facts.c.user_id == User.id, in_curriculum)),
        organisation_id,
    ).group_by(User.id, User.organisation_id, User.audience)
    row = learner.subquery()

    required = sa.case(
        *((row.c.audience == audience, len(ids)) for audience, ids in curricula.items()),
        else_=0,
    )
    late_total: sa.ColumnElement[int] = (
        sa.case(
            *(
                (sa.tuple_(row.c.org, row.c.audience).in_(pairs), len(module_ids))
                for module_ids, pairs in late.items()
            ),
            else_=0,
        )
        if late
        else sa.literal(0)
    )
    state = sa.case(
        (sa.and_(required > 0, row.c.done >= required), ModuleStatus.COMPLETED.value),
        (
            sa.and_(row.c.expired > 0, row.c.done + row.c.expired >= required),
            ModuleStatus.EXPIRED.value,
        ),
        (row.c.done + row.c.expired + row.c.busy > 0, ModuleStatus.IN_PROGRESS.value),
        else_=ModuleStatus.NOT_STARTED.value,
    )
    classified = sa.select(
        row.c.org,
        row.c.audience,
        state.label("state"),
        sa.case((row.c.late_done < late_total, 1), else_=0).label("overdue"),
    ).subquery()
    people: dict[tuple[int, str], dict[tuple[str, bool], int]] = defaultdict(dict)
    for org, audience, learner_state, overdue, count in db.session.execute(
        sa.select(
            classified.c.org,
            classified.c.audience,
            classified.c.state,
            classified.c.overdue,
            sa.func.count(),
        ).group_by(
            classified.c.org, classified.c.audience, classified.c.state, classified.c.overdue
        )
    ):
        people[(org, audience)][(learner_state, bool(overdue))] = count
    return dict(people)


def summary(organisation_id: int | None) -> Summary:
    """Totals per module, per audience and per organisation from grouped counts, and the
    same learners counted as people per audience and per organisation."""
    modules = published_modules()
    today = tokyo_today()
    due = load_due_dates(organisation_id)
    names = dict(db.session.execute(sa.select(Organisation.id, Organisation.name)).all())
    counts = what_counts()
    per_learner = _completions_per_learner(organisation_id, counts)
    unfinished = _unfinished(organisation_id, counts)
    people = _people(organisation_id, modules, per_learner, unfinished, due, today)
    groups = {group: sum(states.values()) for group, states in people.items()}
    done, expired = _completion_counts(organisation_id, per_learner)
    in_progress = _counts(
        in_scope(
            sa.select(
                User.organisation_id,
                User.audience,
                unfinished.c.module_id,
                sa.func.count(unfinished.c.user_id),
            ).join(User, unfinished.c.user_id == User.id),
            organisation_id,
        ).group_by(User.organisation_id, User.audience, unfinished.c.module_id)
    )

    per_module = {m.id: Totals() for m in modules}
    per_audience: dict[str, Totals] = defaultdict(Totals)
    per_organisation: dict[str, Totals] = defaultdict(Totals)
    people_per_audience: dict[str, People] = defaultdict(People)
    people_per_organisation: dict[str, People] = defaultdict(People)
    for (org, audience), states in people.items():
        here = People()
        for (state, overdue), count in states.items():
            here.add(state, overdue, count)
        people_per_audience[audience] += here
        people_per_organisation[names[org]] += here
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
        modules,
        per_module,
        dict(per_audience),
        dict(per_organisation),
        sum(groups.values()),
        dict(people_per_audience),
        dict(people_per_organisation),
    )
