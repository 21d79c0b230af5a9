"""Bulk import: upload → preview, a page of rows at a time, with every problem → confirm →
the new accounts, and their one-time links as one CSV download.

The checked file, and then the accounts it made, wait on the server (`UserImport`) for the
admin who uploaded it: nothing travels back through the browser but the import's number.
The links are made at their download, once, and the import is forgotten then (or after an
hour): no link is ever stored.
"""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ImportConfirmForm, ImportLinksForm, ImportUploadForm
from app.dates import tokyo_today
from app.extensions import db
from app.form_pages import render_form
from app.renderers.spreadsheets import csv_bytes
from app.request_input import choice, page_number
from app.services.administration.user_import import (
    HEADER,
    LINKS_HEADER,
    MAX_ROWS,
    ImportCheck,
    check_user_import,
    confirm_import,
    download_links,
    forget_stale_imports,
    imported_accounts,
    keep_import,
    kept_import,
)
from app.services.paging import page_of
from app.site_address import external_url

ROWS_A_PAGE = 100
PROBLEMS_LISTED = 100  # at the top of the preview; the rows' pages show every one
ONLY_PROBLEMS = "problems"


def _preview(check: ImportCheck, filename: str, import_id: int | None, page: int):
    only_problems = choice("only", (ONLY_PROBLEMS,)) == ONLY_PROBLEMS
    rows = [row for row in check.rows if row.problems] if only_problems else check.rows
    problems = check.problems
    return render_template(
        "admin/import_preview.html",
        check=check,
        problems=problems[:PROBLEMS_LISTED],
        more_problems=max(0, len(problems) - PROBLEMS_LISTED),
        rows=page_of(rows, page, ROWS_A_PAGE),
        only_problems=only_problems,
        filename=filename,
        import_id=import_id,
        confirm_form=ImportConfirmForm(formdata=None) if check.ok else None,
    ), (200 if check.ok else 422)


@bp.route("/users/import", methods=["GET", "POST"])
def import_users_page():
    forget_stale_imports()
    db.session.commit()
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = upload.filename or ""
        check = check_user_import(upload.read())
        kept = keep_import(check, filename, current_user) if check.rows else None
        db.session.commit()
        return _preview(check, filename, kept.id if kept else None, 1)
    return render_form("admin/import.html", form, header=",".join(HEADER), max_rows=f"{MAX_ROWS:,}")


def _kept_or_gone(import_id: int):
    """The admin's own import; another admin's, or one forgotten, is not found (404)."""
    kept = kept_import(import_id, current_user)
    if kept is None:
        abort(404)
    return kept


@bp.route("/users/import/<id:import_id>")
def import_preview(import_id):
    """Another page of a preview."""
    kept = _kept_or_gone(import_id)
    if kept.imported_at is not None:
        return redirect(url_for("admin.import_done", import_id=kept.id))
    return _preview(check_user_import(kept.text or ""), kept.filename, kept.id, page_number())


@bp.route("/users/import/<id:import_id>/confirm", methods=["POST"])
def confirm_import_page(import_id):
    kept = kept_import(import_id, current_user)
    if kept is None:
        flash(_("This preview has expired. Please upload the file again."), "error")
        return redirect(url_for("admin.import_users_page"))
    if not ImportConfirmForm().validate_on_submit():
        abort(400)
    check = confirm_import(kept, current_user)
    if check is None:  # confirmed already: a double click, or the back button
        db.session.rollback()
        return redirect(url_for("admin.import_done", import_id=import_id), 303)
    if not check.ok:  # someone took a username, or an organisation changed, meanwhile
        db.session.rollback()
        return _preview(check, kept.filename, kept.id, 1)
    db.session.commit()
    return redirect(url_for("admin.import_done", import_id=import_id), 303)


@bp.route("/users/import/<id:import_id>/done")
def import_done(import_id):
    kept = kept_import(import_id, current_user)
    if kept is not None and kept.imported_at is None:
        return redirect(url_for("admin.import_preview", import_id=kept.id))  # not confirmed yet
    if kept is None or kept.text is not None:
        flash(
            _(
                "This import is finished: its links were downloaded, or it is more than an "
                "hour old. Its accounts are in the list; make a new link from an account's "
                "page if one is needed."
            ),
            "info",
        )
        return redirect(url_for("admin.users"))
    accounts = imported_accounts(kept)
    return render_template(
        "admin/import_result.html",
        import_id=kept.id,
        count=len(accounts),
        accounts=page_of(accounts, page_number(), ROWS_A_PAGE),
        links_form=ImportLinksForm(formdata=None),
    )


@bp.route("/users/import/<id:import_id>/links.csv", methods=["POST"])
def import_links_csv(import_id):
    """The new accounts' links as CSV, made now, for one download; POST, so that no link
    ever appears in an address and a link preview cannot use the download up."""
    kept = kept_import(import_id, current_user)
    if not ImportLinksForm().validate_on_submit():
        abort(400)
    imported = download_links(kept, current_user) if kept is not None else None
    if imported is None:
        db.session.rollback()
        flash(
            _("The links can no longer be downloaded. Make new links from each account's page."),
            "error",
        )
        return redirect(url_for("admin.users"))
    db.session.commit()
    rows = [
        (
            person.username,
            person.display_name,
            person.organisation,
            external_url("account.password_link", token=person.token),
        )
        for person in imported
    ]
    filename = f"yorisoi-accounts-{tokyo_today().isoformat()}.csv"
    return Response(
        csv_bytes(LINKS_HEADER, rows),
        mimetype="text/csv",  # Flask adds "; charset=utf-8" to text types
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
