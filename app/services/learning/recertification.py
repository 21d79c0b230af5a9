"""What counts for a module after a change that asked learners to take it again.

A module's latest version (by number) marked `requires_recertification` is the one things
count from:
- a completion counts if its version's number is at least that version's number; an older
  one is expired (`ModuleStatus.EXPIRED`), kept as history and never deleted;
- a section read counts if it was read on such a version (reading again updates the read);
- a quiz attempt counts (towards passing, and against the attempt limit) if it was submitted,
  or for one still open started, at or after that version's `created_at`.
Without a mark everything counts, as before.

The learner's progress, completion, certificates and every report use this one definition:
`WhatCounts` answers in Python for one learner and as SQL conditions for reports, worked out
once per request from the few module versions there are, so no query runs per learner.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Attempt, Completion, ModuleVersion, SectionRead
from app.services.learning.published import derived_from_content, note_content_changed


@dataclass(frozen=True)
class Recertification:
    """A module's latest version marked as requiring re-certification."""

    module_id: int
    version_id: int
    number: int
    since: datetime  # the version's created_at: attempts count from this moment
    change_note: str | None

    def counts_at(self, moment: datetime | None) -> bool:
        """Whether an attempt submitted (or, still open, started) at `moment` counts."""
        return moment is not None and moment >= self.since


@dataclass(frozen=True)
class WhatCounts:
    marks: dict[int, Recertification]  # module id -> its mark, for marked modules only
    # Versions older than their module's mark: completions and reads on them no longer count.
    expired_versions: frozenset[int]

    def mark(self, module_id: int) -> Recertification | None:
        return self.marks.get(module_id)

    # For one learner, in Python.
    def version_counts(self, module_version_id: int) -> bool:
        """Whether a completion or a section read on this version counts."""
        return module_version_id not in self.expired_versions

    def attempt_counts(self, module_id: int, moment: datetime | None) -> bool:
        """Whether an attempt submitted (or started) at `moment` counts."""
        mark = self.marks.get(module_id)
        return mark is None or mark.counts_at(moment)

    # For reports, as SQL conditions on the model's rows.
    def counted_completion(self) -> sa.ColumnElement[bool]:
        return self._on_counted_version(Completion.module_version_id)

    def expired_completion(self) -> sa.ColumnElement[bool]:
        if not self.expired_versions:
            return sa.false()
        return Completion.module_version_id.in_(sorted(self.expired_versions))

    def counted_read(self) -> sa.ColumnElement[bool]:
        return self._on_counted_version(SectionRead.module_version_id)

    def counted_attempt(self) -> sa.ColumnElement[bool]:
        """An attempt of an unmarked module, or one submitted (open: started) since the mark:
        one small condition per marked module, none per learner."""
        if not self.marks:
            return sa.true()
        moment = sa.func.coalesce(Attempt.submitted_at, Attempt.started_at)
        return sa.or_(
            Attempt.module_id.not_in(sorted(self.marks)),
            *(
                sa.and_(Attempt.module_id == mark.module_id, moment >= mark.since)
                for mark in self.marks.values()
            ),
        )

    def _on_counted_version(self, column: so.InstrumentedAttribute[int]) -> sa.ColumnElement[bool]:
        if not self.expired_versions:
            return sa.true()
        return column.not_in(sorted(self.expired_versions))


def what_counts(module_ids: Collection[int] | None = None) -> WhatCounts:
    """The rule, for every module: worked out in one query of the versions' numbers when the
    content changed, and kept with the published curriculum until it changes again (the
    marks are content, the same for every learner). `module_ids` is accepted for the callers
    that name their modules; the rule for all of them holds for those too."""
    return derived_from_content("recertification", _read_rule)


def _read_rule() -> WhatCounts:
    query = sa.select(
        ModuleVersion.id,
        ModuleVersion.module_id,
        ModuleVersion.number,
        ModuleVersion.requires_recertification,
        ModuleVersion.created_at,
        ModuleVersion.change_note,
    )
    versions = db.session.execute(query).all()
    marks: dict[int, Recertification] = {}
    for version_id, module_id, number, marked, created_at, note in versions:
        if marked and (module_id not in marks or number > marks[module_id].number):
            marks[module_id] = Recertification(module_id, version_id, number, created_at, note)
    expired = frozenset(
        version_id
        for version_id, module_id, number, *_ in versions
        if module_id in marks and number < marks[module_id].number
    )
    return WhatCounts(marks, expired)


def require_recertification(version: ModuleVersion, change_note: str | None = None) -> None:
    """Mark `version` as a change learners must take again: completions of older versions
    expire, and reading and passes from before it no longer count. `change_note` (what
    changed) is shown to those learners; None keeps the note the version has. Flushes."""
    version.requires_recertification = True
    if change_note is not None:
        version.change_note = change_note.strip() or None
    db.session.flush()
    note_content_changed()  # the rule is cached with the published content
