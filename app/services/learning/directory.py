"""Consultation windows: each municipality's own, plus the one every Tokyo learner can use."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import ConsultationWindow


@dataclass(frozen=True)
class FixedWindow:
    name: str
    url: str
    note: str
    source: str


# Named in the guidebook, whose appendix is hosted on its homepage [G 附属資料, G 1-2].
TOKYO_SUPPORT_NET = FixedWindow(
    name="東京都ひきこもりサポートネット",
    url="https://www.hikikomori-tokyo.jp/",
    note="https://www.hikikomori-tokyo.jp/pdf/guidebook_jirei.pdf",
    source="G 1-2, G 附属資料",
)


def windows_of(organisation_id: int) -> list[ConsultationWindow]:
    return list(
        db.session.scalars(
            sa.select(ConsultationWindow)
            .where(ConsultationWindow.organisation_id == organisation_id)
            .order_by(ConsultationWindow.name)
        )
    )


WINDOW_FIELDS = ("name", "department", "helps_with", "contact", "hours", "url")


def save_window(window: ConsultationWindow, details: dict[str, str | None]) -> ConsultationWindow:
    """Add `window` (new) or change it, from `details` keyed by WINDOW_FIELDS."""
    for name in WINDOW_FIELDS:
        setattr(window, name, details.get(name) or "")
    db.session.add(window)
    db.session.flush()
    return window


def remove_window(window: ConsultationWindow) -> None:
    db.session.delete(window)
    db.session.flush()
