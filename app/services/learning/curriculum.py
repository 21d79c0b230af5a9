"""A learner's curriculum: which modules, how far they have read, what they have completed."""

from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, Completion, Module, ModuleVersion, Section, SectionRead, User
from app.services.learning.published import derived_from_content, published_modules
from app.services.learning.recertification import Recertification, WhatCounts, what_counts
from app.vocabulary import ModuleStatus


@dataclass(frozen=True)
class ModuleProgress:
    """Where a learner stands with one module: only what counts (see recertification.py).

    Its fields never change, so what is worked out from them is kept (a page asks again and
    again)."""

    module: Module
    version: ModuleVersion
    read_keys: frozenset[str]  # sections read on a version that counts
    quiz_passed: bool  # a pass that counts
    completion: Completion | None  # the latest completion that counts
    started: bool  # any section read or quiz attempted that counts (see activity)
    # The latest completion that no longer counts (history: its date and certificate).
    expired: Completion | None = None
    # The version that asked for re-certification, if any: its change note and date.
    recertification: Recertification | None = None

    @cached_property
    def section_keys(self) -> list[str]:
        return [section.key for section in self.version.sections]

    @cached_property
    def sections_read(self) -> int:
        return sum(key in self.read_keys for key in self.section_keys)

    @cached_property
    def all_read(self) -> bool:
        return self.sections_read == len(self.section_keys)

    @cached_property
    def next_unread(self) -> Section | None:
        return next((s for s in self.version.sections if s.key not in self.read_keys), None)

    @cached_property
    def has_quiz(self) -> bool:
        return self.module.quiz is not None and self.module.quiz.current_version is not None

    @cached_property
    def steps_total(self) -> int:
        return len(self.section_keys) + (1 if self.has_quiz else 0)

    @cached_property
    def steps_done(self) -> int:
        return self.sections_read + (1 if self.has_quiz and self.quiz_passed else 0)

    @cached_property
    def steps_counted(self) -> int:
        """Steps shown as done: all of them once the module is complete."""
        return self.steps_total if self.completion is not None else self.steps_done

    @cached_property
    def percent(self) -> int:
        if self.completion is not None:
            return 100
        return (100 * self.steps_done) // self.steps_total if self.steps_total else 0

    @cached_property
    def state(self) -> str:
        if self.completion is not None:
            return ModuleStatus.COMPLETED
        if self.expired is not None:
            # Until completed again on a version that counts, however far they have got.
            return ModuleStatus.EXPIRED
        if self.started:
            return ModuleStatus.IN_PROGRESS
        return ModuleStatus.NOT_STARTED

    def attempt_counts(self, attempt: Attempt) -> bool:
        """Whether this attempt still counts (one from before a re-certification does not)."""
        mark = self.recertification
        return mark is None or mark.counts_at(attempt.submitted_at)


def modules_for(audience: str | None, modules: list[Module] | None = None) -> list[Module]:
    modules = published_modules() if modules is None else modules
    return [m for m in modules if m.version.is_for(audience)]


def progress_for(user: User, modules: list[Module]) -> list[ModuleProgress]:
    """Progress through `modules` in two queries, however many modules there are: the
    sections read and the attempts that count since a re-certification (one UNION ALL), and
    the completions."""
    ids = [module.id for module in modules]
    counts, reads_and_attempts, completions_of = derived_from_content(
        "progress queries", _progress_queries
    )
    values = {"user_id": user.id, "module_ids": ids}
    reads: dict[int, set[str]] = {}
    attempts: dict[int, bool] = {}
    for module_id, key, passed_here in db.session.execute(reads_and_attempts, values):
        if key is None:
            attempts[module_id] = bool(passed_here)
        else:
            reads.setdefault(module_id, set()).add(key)
    # Started means what activity() says in SQL for the reports: a section read or a quiz
    # attempted, that counts. Both were just read, so it is worked out from them: the module
    # page stays at a fixed, small number of queries.
    started = set(reads) | set(attempts)
    passed = {module_id for module_id, did_pass in attempts.items() if did_pass}
    completions: dict[int, Completion] = {}
    expired: dict[int, Completion] = {}
    for completion in db.session.scalars(completions_of, values):  # the latest of each wins
        kept = completions if counts.version_counts(completion.module_version_id) else expired
        kept[completion.module_id] = completion
    return [
        ModuleProgress(
            module=module,
            version=module.version,
            read_keys=frozenset(reads.get(module.id, ())),
            quiz_passed=module.id in passed,
            completion=completions.get(module.id),
            started=module.id in started,
            expired=expired.get(module.id),
            recertification=counts.mark(module.id),
        )
        for module in modules
    ]


def _progress_queries() -> tuple[WhatCounts, sa.CompoundSelect, sa.Select]:
    """The two queries of `progress_for`, with the learner and the modules as parameters:
    they change only with the content (what counts), so they are built once per content
    revision, not once a request."""
    counts = what_counts()
    user_id: sa.BindParameter[int] = sa.bindparam("user_id")
    module_ids: sa.BindParameter[list[int]] = sa.bindparam("module_ids", expanding=True)
    read_rows = sa.select(
        SectionRead.module_id, SectionRead.section_key, sa.cast(sa.null(), sa.Integer)
    ).where(
        SectionRead.user_id == user_id,
        SectionRead.module_id.in_(module_ids),
        counts.counted_read(),
    )
    attempt_rows = (
        sa.select(
            Attempt.module_id,
            sa.cast(sa.null(), sa.String),
            sa.func.max(sa.case((Attempt.passed.is_(True), 1), else_=0)),
        )
        .where(
            Attempt.user_id == user_id,
            Attempt.module_id.in_(module_ids),
            counts.counted_attempt(),
        )
        .group_by(Attempt.module_id)
    )
    completions = (
        sa.select(Completion)
        .where(Completion.user_id == user_id, Completion.module_id.in_(module_ids))
        .order_by(Completion.completed_at, Completion.id)
    )
    return counts, sa.union_all(read_rows, attempt_rows), completions


def module_progress(user: User, module: Module) -> ModuleProgress:
    return progress_for(user, [module])[0]


def curriculum_module(slug: str, user: User) -> Module | None:
    """The published module `slug`, if it is in this user's curriculum."""
    module = next((m for m in published_modules() if m.slug == slug), None)
    if module is None or not module.version.is_for(user.audience):
        return None
    return module
