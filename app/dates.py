"""Dates as people in Tokyo read them: Japan time, and 和暦 beside ISO for coordinators."""

from datetime import UTC, date, datetime, timedelta, timezone
from typing import overload

TOKYO = timezone(timedelta(hours=9), "JST")
REIWA_START = date(2019, 5, 1)


@overload
def to_tokyo(moment: datetime) -> datetime: ...
@overload
def to_tokyo(moment: None) -> None: ...
def to_tokyo(moment: datetime | None) -> datetime | None:
    """Stored times are naive UTC; people see Japan time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(TOKYO)


@overload
def tokyo_date(moment: datetime) -> date: ...
@overload
def tokyo_date(moment: None) -> None: ...
def tokyo_date(moment: datetime | None) -> date | None:
    local = to_tokyo(moment)
    return local.date() if local else None


def tokyo_today() -> date:
    return datetime.now(TOKYO).date()


def wareki(day: date | datetime | None) -> str:
    """令和8年12月1日; the first year is written 元年. Dates before 令和 are given in ISO only."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = tokyo_date(day)
    if day < REIWA_START:
        return day.isoformat()
    year = day.year - 2018
    return f"令和{'元' if year == 1 else year}年{day.month}月{day.day}日"
