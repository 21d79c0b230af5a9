"""Completions week by week: how an organisation's training is going over time."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from app.dates import TOKYO
from app.extensions import db
from app.models import Completion, User
from app.services.reporting.filters import in_scope

WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date  # a Monday, in Tokyo
    completions: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def _stored_time(day: date) -> datetime:
    """Midnight in Tokyo at the start of `day`, as stored times are kept: naive UTC."""
    return datetime.combine(day, time(), TOKYO).astimezone(UTC).replace(tzinfo=None)


def weekly_completions(
    organisation_id: int | None, module_ids: list[int], today: date, weeks: int = WEEKS
) -> list[Week]:
    """Module completions in each of the last `weeks` weeks, oldest first and this week last.

    Weeks run Monday to Sunday in Tokyo time; a week without completions is there with 0.
    Every completion recorded counts, including one a later re-certification expired: it was
    a completion that week. Learners as the rest of the report (`in_scope`: the organisation
    with the centres under it, or everyone), modules of the published curriculum. One
    grouped query: the week is a CASE over the week boundaries, so SQLite and PostgreSQL
    agree without date functions.
    """
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    bounds = [_stored_time(first + timedelta(weeks=n)) for n in range(weeks + 1)]
    week = sa.case(
        *((Completion.completed_at < bounds[n + 1], n) for n in range(weeks)), else_=None
    )
    rows = (
        sa.select(week.label("week"))
        .where(
            Completion.completed_at >= bounds[0],
            Completion.completed_at < bounds[-1],
            Completion.module_id.in_(module_ids),
            Completion.user_id.in_(in_scope(sa.select(User.id), organisation_id)),
        )
        .subquery()
    )
    counts: dict[int, int] = dict(
        db.session.execute(sa.select(rows.c.week, sa.func.count()).group_by(rows.c.week)).all()
    )
    return [Week(first + timedelta(weeks=n), counts.get(n, 0)) for n in range(weeks)]
