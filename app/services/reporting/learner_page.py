"""One learner's record for their coordinator: reading, attempts, completions, due dates."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, User
from app.services.learning.curriculum import ModuleProgress, modules_for, progress_for
from app.services.reporting.due_dates import load_due_dates
from app.vocabulary import AttemptState


@dataclass
class LearnerReport:
    progress: list[ModuleProgress]
    attempts: dict[int, list[Attempt]]
    due: dict[int, date | None]


def learner_report(user: User) -> LearnerReport:
    progress = progress_for(user, modules_for(user.audience))
    attempts: dict[int, list[Attempt]] = {}
    for attempt in db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id == user.id, Attempt.state == AttemptState.SUBMITTED)
        .order_by(Attempt.submitted_at)
    ):
        attempts.setdefault(attempt.module_id, []).append(attempt)
    due_dates = load_due_dates(user.organisation_id)
    due = {
        p.module.id: due_dates.due(user.organisation_id, p.module.id, user.audience)
        for p in progress
    }
    return LearnerReport(progress, attempts, due)
