from urllib.parse import quote

import sqlalchemy as sa
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.policy import (
    chosen_organisation,
    ensure,
    may_see_learner,
    report_scope,
    sees_every_organisation,
)
from app.dates import tokyo_date, tokyo_today
from app.extensions import db
from app.form_pages import render_form
from app.labels import AUDIENCE_NAMES
from app.models import Organisation, User
from app.renderers.spreadsheets import csv_bytes, xlsx_bytes
from app.reports import bp
from app.reports.filters import filter_args, filter_from_request
from app.reports.forms import DueDateForm, RemoveForm
from app.services.learning.curriculum import published_modules
from app.services.reporting.due_dates import assignments_of, drop_due_date, set_due_date
from app.services.reporting.filters import STATUSES
from app.services.reporting.learner_page import learner_report
from app.services.reporting.matrix import matrix_page, report_rows
from app.services.reporting.summary import summary
from app.services.reporting.weekly import weekly_completions
from app.services.reporting.xapi import statements_for
from app.vocabulary import ASSIGNMENT_AUDIENCES

PAGE_SIZE = 50
# Columns people typed (names, titles): the only ones that could start a formula.
TEXT_COLUMNS = (0, 1, 2, 8)
DATE_COLUMNS = (7, 9)  # completed_at, due_date
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
    "due_date",
    "overdue",
)


def _organisations():
    """The organisation picker: admins only."""
    if not sees_every_organisation(current_user):
        return []
    return db.session.scalars(sa.select(Organisation).order_by(Organisation.code)).all()


@bp.route("")
def index():
    scope = report_scope(current_user)
    scope_id = scope.id if scope else None
    flt = filter_from_request(scope_id)
    overview = summary(scope_id)
    matrix = matrix_page(flt, request.args.get("page", 1, type=int), PAGE_SIZE)
    chosen = scope_id if sees_every_organisation(current_user) else None
    today = tokyo_today()
    return render_template(
        "reports/index.html",
        scope=scope,
        overview=overview,
        matrix=matrix,
        flt=flt,
        statuses=STATUSES,
        args=filter_args(flt, chosen),
        organisations=_organisations(),
        today=today,
        weeks=weekly_completions(scope_id, [m.id for m in overview.modules], today),
        module_chart=[
            (
                f"{m.version.position}. {m.version.title}",
                overview.per_module[m.id].rate,
            )
            for m in overview.modules
        ],
        organisation_chart=[
            (name, t.rate) for name, t in sorted(overview.per_organisation.items())
        ],
    )


@bp.route("/learners/<int:user_id>")
def learner(user_id):
    user = db.get_or_404(User, user_id)
    ensure(may_see_learner(current_user, user))
    return render_template("reports/learner.html", user=user, report=learner_report(user))


def _export_rows():
    """Rows for CSV and XLSX: text where people typed it, codes, numbers and real dates."""
    scope = report_scope(current_user)
    flt = filter_from_request(scope.id if scope else None)
    for learner, module, cell in report_rows(flt):
        yield (
            learner.username,
            learner.display_name,
            learner.organisation,
            learner.audience,
            module.slug,
            cell.status,
            cell.score,
            tokyo_date(cell.completed_at),
            module.version.title,
            cell.due,
            "yes" if cell.overdue else "no",
        )


def _filename(extension: str) -> str:
    scope = report_scope(current_user)
    place = scope.name if scope else _("all organisations")
    name = _("completion")  # outside the f-string, where Babel's extractor can see it
    return f"{name}_{place}_{tokyo_today().isoformat()}.{extension}"


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    # RFC 6266: an ASCII fallback, and the Japanese name in filename*.
    ascii_name = filename.encode("ascii", "ignore").decode().strip("_") or "report"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/completion.csv")
def completion_csv():
    return _download(
        csv_bytes(
            EXPORT_HEADER, _export_rows(), text_columns=TEXT_COLUMNS, date_columns=DATE_COLUMNS
        ),
        _filename("csv"),
        "text/csv; charset=utf-8",
    )


@bp.route("/completion.xlsx")
def completion_xlsx():
    return _download(
        xlsx_bytes(_("Completion"), EXPORT_HEADER, _export_rows()),
        _filename("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/due-dates", methods=["GET", "POST"])
def due_dates():
    scope = chosen_organisation(current_user)
    if scope is None:
        abort(404)  # an admin picks an organisation first
    modules = published_modules()
    form = DueDateForm()
    form.module.choices = [(str(m.id), f"{m.version.position}. {m.version.title}") for m in modules]
    form.audience.choices = [(code, str(AUDIENCE_NAMES[code])) for code in ASSIGNMENT_AUDIENCES]
    if form.validate_on_submit():
        assert form.due_date.data is not None  # DataRequired
        set_due_date(scope.id, int(form.module.data), form.audience.data, form.due_date.data)
        db.session.commit()
        flash(_("The due date has been saved."), "info")
        return redirect(url_for("reports.due_dates", **_scope_args()))
    titles = {m.id: m.version.title for m in modules}
    return render_form(
        "reports/due_dates.html",
        form,
        scope=scope,
        remove_form=RemoveForm(),
        assignments=assignments_of(scope.id),
        titles=titles,
        scope_args=_scope_args(),
        today=tokyo_today(),
    )


@bp.route("/due-dates/<int:assignment_id>/remove", methods=["POST"])
def remove_due_date(assignment_id):
    scope = chosen_organisation(current_user)
    if scope is None:
        abort(404)
    if not RemoveForm().validate_on_submit():
        abort(400)
    ensure(drop_due_date(scope.id, assignment_id))
    db.session.commit()
    flash(_("The due date has been removed."), "info")
    return redirect(url_for("reports.due_dates", **_scope_args()))


def _scope_args() -> dict:
    chosen = request.args.get("organisation", type=int)
    return {"organisation": chosen} if sees_every_organisation(current_user) and chosen else {}


XAPI_PAGE = 200


@bp.route("/xapi.json")
def xapi():
    """xAPI statements for the learners the filter shows, 200 learners a page."""
    scope = report_scope(current_user)
    flt = filter_from_request(scope.id if scope else None)
    page = matrix_page(flt, request.args.get("page", 1, type=int), XAPI_PAGE)
    base_url = request.url_root.rstrip("/")
    return jsonify(
        page=page.page,
        pages=page.pages,
        statements=list(statements_for(page.learners, base_url)),
    )
