from flask import g, jsonify, request

from app.api import bp
from app.api.tokens import token_required
from app.dates import tokyo_date
from app.extensions import db
from app.models import Organisation
from app.reports.filters import filter_from_request
from app.services.reporting.matrix import matrix_page

MAX_PER_PAGE = 200


@bp.route("/reports/completion")
@token_required
def completion():
    """The completion matrix of the token's organisation, a page of learners at a time.

    Filters as on /reports: audience, module, status, overdue=1, q; paging: page, per_page.
    """
    flt = filter_from_request(g.api_organisation_id)
    per_page = min(max(1, request.args.get("per_page", 100, type=int)), MAX_PER_PAGE)
    page = matrix_page(flt, request.args.get("page", 1, type=int), per_page)
    organisation = db.session.get_one(Organisation, g.api_organisation_id)
    return jsonify(
        organisation={"code": organisation.code, "name": organisation.name},
        page=page.page,
        pages=page.pages,
        per_page=per_page,
        total=page.total,
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
