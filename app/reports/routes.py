from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, render_template, request
from flask_babel import gettext as _

from app.auth.permissions import roles_required
from app.extensions import db
from app.models import Organisation
from app.reports import bp
from app.reports.scope import report_scope
from app.services.reporting import completion_matrix
from app.services.spreadsheets import csv_bytes, xlsx_bytes

PAGE_SIZE = 50
EXPORT_HEADER = (
    "username",
    "display_name",
    "organisation",
    "audience",
    "module",
    "status",
    "score",
    "completed_at",
    "module_title",
)


@bp.after_request
def no_store(response):
    # Reports hold people's names: no browser or proxy may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("")
@roles_required("coordinator", "admin")
def index():
    scope = report_scope()
    matrix = completion_matrix(scope.id if scope else None)
    pages = max(1, -(-len(matrix.learners) // PAGE_SIZE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    organisations = (
        db.session.scalars(sa.select(Organisation).order_by(Organisation.code)).all()
        if scope is None or request.args.get("organisation")
        else []
    )
    return render_template(
        "reports/index.html",
        matrix=matrix,
        scope=scope,
        learners=matrix.learners[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        page=page,
        pages=pages,
        organisations=organisations,
    )


def _export_rows():
    scope = report_scope()
    matrix = completion_matrix(scope.id if scope else None)
    for learner, module, cell in matrix.rows():
        yield (
            learner.username,
            learner.display_name,
            learner.organisation,
            learner.audience,
            module.slug,
            cell.status,
            cell.score,
            cell.completed_at.date() if cell.completed_at else None,
            module.current_version.title,
        )


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    # RFC 6266: an ASCII fallback, and the Japanese name in filename*.
    ascii_name = filename.encode("ascii", "ignore").decode() or "report"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/completion.csv")
@roles_required("coordinator", "admin")
def completion_csv():
    rows = (
        [value.isoformat() if hasattr(value, "isoformat") else value for value in row]
        for row in _export_rows()
    )
    return _download(
        csv_bytes(EXPORT_HEADER, rows),
        _("completion") + ".csv",
        "text/csv; charset=utf-8",
    )


@bp.route("/completion.xlsx")
@roles_required("coordinator", "admin")
def completion_xlsx():
    return _download(
        xlsx_bytes(_("Completion"), EXPORT_HEADER, _export_rows()),
        _("completion") + ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
