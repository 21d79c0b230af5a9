"""What counts as having started a module: a section read or a quiz attempted.

One definition, used by the learner's own progress and by every report, as SQL. Reading and
attempts from before a change that asked for re-certification do not count (see
recertification.py): a module whose old reading no longer counts has not been started again.
"""

from collections.abc import Collection

import sqlalchemy as sa

from app.models import Attempt, SectionRead
from app.services.learning.recertification import WhatCounts

# A list of ids, or a SELECT of one column of ids.
Ids = Collection[int] | sa.Select


def activity(
    users: Ids | None = None, modules: Ids | None = None, *, counts: WhatCounts
) -> sa.CompoundSelect:
    """SELECT distinct (user_id, module_id) pairs with any reading or attempt that counts.

    `users` and `modules` narrow it: each a list of ids or a subquery of ids.
    """
    reads = sa.select(SectionRead.user_id, SectionRead.module_id).where(counts.counted_read())
    attempts = sa.select(Attempt.user_id, Attempt.module_id).where(counts.counted_attempt())
    if users is not None:
        reads = reads.where(SectionRead.user_id.in_(users))
        attempts = attempts.where(Attempt.user_id.in_(users))
    if modules is not None:
        reads = reads.where(SectionRead.module_id.in_(modules))
        attempts = attempts.where(Attempt.module_id.in_(modules))
    return sa.union(reads, attempts)
