import tempfile
from collections.abc import Callable, Iterator
from urllib.parse import quote

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
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
from app.renderers.spreadsheets import csv_chunks, write_xlsx
from app.reports import bp
from app.reports.export_words import CODES, ExportWords, words_for_people
from app.reports.filters import filter_args, filter_from_request
from app.reports.forms import DueDateForm, RemoveForm
from app.request_input import choice, page_number, record_id, whole_number
from app.services.learning.curriculum import published_modules
from app.services.reporting.due_dates import assignments_of, drop_due_date, set_due_date
from app.services.reporting.filters import STATUSES
from app.services.reporting.learner_page import learner_report
from app.services.reporting.matrix import matrix_page, report_rows
from app.services.reporting.summary import summary
from app.services.reporting.weekly import weekly_completions
from app.services.reporting.xapi import statements_for
from app.site_address import base_url
from app.vocabulary import ASSIGNMENT_AUDIENCES

PAGE_SIZE = 50
# Columns people typed (names, titles): the only ones that could start a formula.
TEXT_COLUMNS = (0, 1, 2, 8)
DATE_COLUMNS = (7, 9)  # completed_at, due_date


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
    matrix = matrix_page(flt, page_number(), PAGE_SIZE)
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


@bp.route("/learners/<id:user_id>")
def learner(user_id):
    user = db.get_or_404(User, user_id)
    ensure(may_see_learner(current_user, user))
    return render_template("reports/learner.html", user=user, report=learner_report(user))


def _export_filter():
    scope = report_scope(current_user)
    return filter_from_request(scope.id if scope else None)


def _export_rows(flt, words: ExportWords) -> Iterator[tuple]:
    """Rows for CSV and XLSX: text where people typed it, codes (or their words, for people),
    numbers and real dates."""
    # A module's slug and title, read once: each comes back on every learner's row.
    names: dict[int, tuple[str, str]] = {}
    for learner, module, cell in report_rows(flt):
        slug_title = names.get(module.id)
        if slug_title is None:
            slug_title = names[module.id] = (module.slug, module.version.title)
        slug, title = slug_title
        yield (
            learner.username,
            learner.display_name,
            learner.organisation,
            words.audience(learner.audience),
            slug,
            words.status(cell.status),
            cell.score,
            tokyo_date(cell.completed_at) if cell.completed_at else None,
            title,
            cell.due,
            words.yes if cell.overdue else words.no,
        )


def _streamed(produce: Callable[[], Iterator[bytes]]) -> Iterator[bytes]:
    """The body of a download, made while it is sent, in an app context (and so a database
    session) of its own: the request's has ended by then. What needs the request (the
    filter, the viewer, the words) is decided before."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def body() -> Iterator[bytes]:
        # Nothing yet: a server (or the test client) may take a first item and drop the rest;
        # closing the body then leaves no context half-pushed.
        yield b""
        with app.app_context():
            yield from produce()

    return body()


def _filenames(extension: str) -> tuple[str, str]:
    """The file's name in the viewer's language, and an ASCII one that says the same for
    programs that cannot read the other (RFC 6266's fallback)."""
    scope = report_scope(current_user)
    place = scope.name if scope else _("all organisations")
    name = _("completion")  # outside the f-string, where Babel's extractor can see it
    day = tokyo_today().isoformat()
    if scope is None:
        ascii_where = "all-organisations"
    else:  # a municipality's code (13104); another organisation's may be any text
        ascii_where = scope.code.encode("ascii", "ignore").decode() or f"organisation-{scope.id}"
    return (
        f"{name}_{place}_{day}.{extension}",
        f"yorisoi-completion-{ascii_where}-{day}.{extension}",
    )


def _download(body: Iterator[bytes], extension: str, mimetype: str) -> Response:
    filename, ascii_name = _filenames(extension)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/completion.csv")
def completion_csv():
    """Streamed: rows are read from the database in chunks and sent as they are written."""
    flt = _export_filter()
    # The stable codes for other systems; ?labels=ja for people, in Japanese.
    labels = choice("labels", ("ja",))
    words = words_for_people(labels) if labels else CODES
    return _download(
        _streamed(
            lambda: csv_chunks(
                words.header,
                _export_rows(flt, words),
                text_columns=TEXT_COLUMNS,
                date_columns=DATE_COLUMNS,
            )
        ),
        "csv",
        "text/csv",  # Flask adds "; charset=utf-8" to text types
    )


@bp.route("/completion.xlsx")
def completion_xlsx():
    """Written to a temporary file as the rows are read (a zip needs its sizes), then sent
    from it in chunks: memory does not grow with the number of learners."""
    flt, title = _export_filter(), _("Completion")
    words = words_for_people()  # opened by people in Excel: in the viewer's language

    def workbook() -> Iterator[bytes]:
        with tempfile.TemporaryFile() as file:
            write_xlsx(file, title, words.header, _export_rows(flt, words))
            file.seek(0)
            while chunk := file.read(1024 * 1024):
                yield chunk

    return _download(
        _streamed(workbook),
        "xlsx",
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


@bp.route("/due-dates/<id:assignment_id>/remove", methods=["POST"])
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
    chosen = record_id("organisation")
    return {"organisation": chosen} if sees_every_organisation(current_user) and chosen else {}


XAPI_PAGE = 200


@bp.route("/xapi.json")
def xapi():
    """xAPI statements for the learners the filter shows, 200 learners a page.

    As an xAPI StatementResult: `more` is where the next page is (relative, as xAPI asks),
    "" on the last page; a page past the end has no statements, so a client that reads
    until an empty page stops.
    """
    scope = report_scope(current_user)
    flt = filter_from_request(scope.id if scope else None)
    wanted = whole_number("page", 1) or 1
    page = matrix_page(flt, wanted, XAPI_PAGE, clamp=False)
    chosen = scope.id if scope and sees_every_organisation(current_user) else None
    more = (
        url_for("reports.xapi", **filter_args(flt, chosen), page=wanted + 1)
        if wanted < page.pages
        else ""
    )
    return jsonify(
        page=wanted,
        pages=page.pages,
        more=more,
        statements=list(statements_for(page.learners, base_url())),
    )
