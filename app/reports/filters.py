"""The report filter, read from the query string; values a user cannot mean are ignored."""

from flask import request

from app.services.reporting.filters import STATUSES, ReportFilter
from app.vocabulary import Audience, codes


def filter_from_request(organisation_id: int | None) -> ReportFilter:
    args = request.args
    audience = args.get("audience")
    status = args.get("status")
    return ReportFilter(
        organisation_id=organisation_id,
        audience=audience if audience in codes(Audience) else None,
        module=args.get("module") or None,
        status=status if status in STATUSES else None,
        overdue=args.get("overdue") == "1",
        search=(args.get("q") or "").strip()[:100],
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
