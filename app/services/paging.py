"""One page of a query's rows: two statements (count, page), whatever the table's size."""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from app.extensions import db


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    pages: int


def paginate(query: sa.Select, page: int, per_page: int) -> Page:
    """Rows of `query` (a select of one entity) on `page`; out-of-range pages are clamped."""
    total = db.session.execute(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(items), total, page, pages)


def page_of(items: list[Any], page: int, per_page: int) -> Page:
    """The same for a list already in memory; out-of-range pages are clamped."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(1, page), pages)
    return Page(items[(page - 1) * per_page : page * per_page], len(items), page, pages)
