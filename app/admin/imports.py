"""Bulk import: upload → preview of every row and problem → confirm → the links to hand out.

The preview is a dry run. The confirmation sends the checked file back signed (so nobody
can slip in other rows) and it is checked again before anything is saved.
"""

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.admin import bp
from app.admin.forms import ImportConfirmForm, ImportLinksForm, ImportUploadForm
from app.dates import tokyo_today
from app.extensions import db
from app.form_pages import render_form
from app.renderers.spreadsheets import csv_bytes
from app.services.administration.user_import import (
    HEADER,
    LINKS_HEADER,
    check_user_import,
    import_users,
)

PAYLOAD_MAX_AGE = 60 * 60  # seconds: a preview left for longer is checked again from the file


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"yorisoi.user-import.{purpose}"
    )


def _load(purpose: str, payload: str) -> dict | None:
    """The signed payload, if it is intact, recent, and was made for this admin."""
    try:
        data = _signer(purpose).loads(payload, max_age=PAYLOAD_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("by") != current_user.id:
        return None
    return data


def _preview(check, filename: str):
    confirm_form = None
    if check.ok:
        # formdata=None: on a POST the form would otherwise take the request's old payload.
        confirm_form = ImportConfirmForm(
            formdata=None,
            payload=_signer("file").dumps(
                {"by": current_user.id, "text": check.text, "name": filename}
            ),
        )
    return render_template(
        "admin/import_preview.html",
        check=check,
        filename=filename,
        confirm_form=confirm_form,
    ), (200 if check.ok else 422)


@bp.route("/users/import", methods=["GET", "POST"])
def import_users_page():
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        return _preview(check_user_import(upload.read()), upload.filename or "")
    return render_form("admin/import.html", form, header=",".join(HEADER))


@bp.route("/users/import/confirm", methods=["POST"])
def confirm_import():
    form = ImportConfirmForm()
    data = _load("file", form.payload.data or "") if form.validate_on_submit() else None
    if data is None:
        flash(_("This preview has expired. Please upload the file again."), "error")
        return redirect(url_for("admin.import_users_page"))
    check = check_user_import(data["text"])
    if not check.ok:  # someone took a username, or an organisation changed, meanwhile
        return _preview(check, data["name"])
    imported = import_users(check, current_user, source=data["name"])
    db.session.commit()
    rows = [
        (person.username, person.display_name, person.organisation, _link(person.token))
        for person in imported
    ]
    links_form = ImportLinksForm(
        formdata=None, payload=_signer("links").dumps({"by": current_user.id, "rows": rows})
    )
    return render_template("admin/import_result.html", rows=rows, links_form=links_form)


def _link(token: str) -> str:
    return url_for("account.password_link", token=token, _external=True)


@bp.route("/users/import/links.csv", methods=["POST"])
def import_links_csv():
    """The new accounts' links as CSV. POST, so that the links never appear in a URL."""
    form = ImportLinksForm()
    data = _load("links", form.payload.data or "") if form.validate_on_submit() else None
    if data is None:
        flash(
            _("The links can no longer be downloaded. Make new links from each account's page."),
            "error",
        )
        return redirect(url_for("admin.import_users_page"))
    filename = f"yorisoi-accounts-{tokyo_today().isoformat()}.csv"
    return Response(
        csv_bytes(LINKS_HEADER, data["rows"]),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
