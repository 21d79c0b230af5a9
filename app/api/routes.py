from flask import current_app, g, jsonify, url_for
from flask_limiter.util import get_remote_address

from app.api import bp
from app.api.openapi import MAX_PER_PAGE, PER_PAGE, openapi_document
from app.api.tokens import bearer_token, token_required
from app.dates import tokyo_date
from app.extensions import db, limiter
from app.models import Organisation
from app.models.api_tokens import hash_token
from app.reports.filters import filter_args, filter_from_request
from app.request_input import whole_number
from app.services.reporting.matrix import matrix_page


def _api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _token_key() -> str:
    """Each token has its own allowance; requests without one share their address's."""
    plain = bearer_token()
    return "api-token:" + hash_token(plain)[:32] if plain else "api-address:" + get_remote_address()


# No automatic OPTIONS: every method but GET (and HEAD) answers 405 with Allow, as JSON.
@bp.route("/openapi.json", provide_automatic_options=False)
def openapi():
    """This API, described as OpenAPI 3.1."""
    return jsonify(openapi_document())


@bp.route("/reports/completion", provide_automatic_options=False)
@limiter.limit(_api_limit, key_func=_token_key)
@token_required
def completion():
    """The completion matrix of the token's organisation, a page of learners at a time.

    Filters as on /reports: audience, module, status, overdue=1, q; paging: page, per_page.
    A page past the end has no learners; `next` is the address of the following page.
    """
    flt = filter_from_request(g.api_organisation_id, strict=True)
    per_page = (
        whole_number("per_page", PER_PAGE, maximum=MAX_PER_PAGE, empty_is_absent=False) or PER_PAGE
    )
    wanted = whole_number("page", 1, empty_is_absent=False) or 1
    page = matrix_page(flt, wanted, per_page, clamp=False)
    organisation = db.session.get_one(Organisation, g.api_organisation_id)
    following = None
    if wanted < page.pages:
        following = url_for(
            "api.completion", **filter_args(flt), page=wanted + 1, per_page=per_page
        )
    return jsonify(
        organisation={"code": organisation.code, "name": organisation.name},
        page=wanted,
        pages=page.pages,
        per_page=per_page,
        total=page.total,
        next=following,
        learners=[
            {
                "username": learner.username,
                "display_name": learner.display_name,
                "audience": learner.audience,
                "modules": [
                    {
                        "module": module.slug,
                        "title": module.version.title,
                        "status": cell.status,
                        "score": cell.score,
                        "completed_at": (
                            tokyo_date(cell.completed_at).isoformat() if cell.completed_at else None
                        ),
                        "due_date": cell.due.isoformat() if cell.due else None,
                        "overdue": cell.overdue,
                    }
                    for module in page.modules
                    if (cell := page.cells[learner.id].get(module.id)) is not None
                ],
            }
            for learner in page.learners
        ],
    )
