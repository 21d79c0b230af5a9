"""The report filter, read from the query string.

On the report pages, values a person cannot mean are ignored (the page shows what it can);
the API is strict (`strict=True`): a value it cannot use is a 400 naming the parameter.
"""

import unicodedata

from flask import request
from flask_babel import lazy_gettext as _l

from app.request_input import BadParameter, choice
from app.services.learning.curriculum import published_modules
from app.services.reporting.filters import STATUSES, ReportFilter
from app.vocabulary import Audience, codes

SEARCH_LENGTH = 100
OVERDUE_VALUES = ("0", "1")


def filter_from_request(organisation_id: int | None, strict: bool = False) -> ReportFilter:
    args = request.args
    if strict:
        return _strict_filter(organisation_id)
    audience = args.get("audience")
    status = args.get("status")
    return ReportFilter(
        organisation_id=organisation_id,
        audience=audience if audience in codes(Audience) else None,
        module=args.get("module") or None,
        status=status if status in STATUSES else None,
        overdue=args.get("overdue") == "1",
        search=(args.get("q") or "").strip()[:SEARCH_LENGTH],
    )


def module_slugs() -> list[str]:
    return [module.slug for module in published_modules()]


def _strict_filter(organisation_id: int | None) -> ReportFilter:
    search = request.args.get("q") or ""
    if len(search) > SEARCH_LENGTH or any(unicodedata.category(c) == "Cc" for c in search):
        allowed = _l("at most %(n)s characters, on one line", n=SEARCH_LENGTH)
        raise BadParameter("q", str(allowed))
    return ReportFilter(
        organisation_id=organisation_id,
        audience=choice("audience", codes(Audience), empty_is_absent=False),
        module=choice("module", module_slugs(), empty_is_absent=False),
        status=choice("status", STATUSES, empty_is_absent=False),
        overdue=choice("overdue", OVERDUE_VALUES, empty_is_absent=False) == "1",
        search=search.strip(),
    )


def filter_args(flt: ReportFilter, organisation_id: int | None = None) -> dict:
    """The query string that reproduces `flt` (for pagination and export links)."""
    values = {
        "organisation": organisation_id,
        "audience": flt.audience,
        "module": flt.module,
        "status": flt.status,
        "overdue": "1" if flt.overdue else None,
        "q": flt.search or None,
    }
    return {key: value for key, value in values.items() if value}
