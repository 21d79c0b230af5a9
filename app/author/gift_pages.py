"""GIFT in the browser: upload (or paste) a file, see every question as it would be added and
every problem as `FILE:line: message`, then confirm to add the questions to the quiz's draft.

The checked text comes back in a hidden field of the confirmation form (CSRF-protected), so
nothing is uploaded twice and nothing waits on the server between the two steps; it is
read and checked again on confirming.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from app.author import bp
from app.author.forms import FILENAME_LENGTH, GIFT_MAX_BYTES, GiftConfirmForm, GiftUploadForm
from app.author.module_lookup import module_or_404
from app.extensions import db
from app.form_pages import form_status
from app.labels import QUESTION_TYPE_NAMES
from app.models import Module
from app.request_input import whole_number
from app.services.authoring import gift_confirm
from app.services.authoring.gift import GiftPlan, GiftRefused

PASTED = "pasted.gift"


class NotText(ValueError):
    pass


def _decoded(data: bytes) -> str:
    """The file as text; NotText with the reason, for a person, when it is not UTF-8 text."""
    if len(data) > GIFT_MAX_BYTES:
        raise NotText(
            _(
                "The file is too large: a GIFT file can be at most %(kb)s KB. Split it into "
                "several files.",
                kb=GIFT_MAX_BYTES // 1024,
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotText(
            _(
                "The file is not UTF-8 text. Save it again as UTF-8 (in Notepad: “Save as”, "
                "encoding UTF-8) and upload it again."
            )
        ) from None
    if "\x00" in text:
        raise NotText(_("The file holds NUL bytes: it is not a text file. Choose a .gift file."))
    return text


def _normalised(text: str) -> str:
    # A hidden field and a textarea come back with CRLF line ends; a file may have them too.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _title(module: Module) -> str:
    return module.current_version.title if module.current_version else module.slug


def _preview(module: Module, filename: str, text: str, skip: bool, notice: str | None = None):
    draft, revision, _base = gift_confirm.preview_base(module)
    plan = gift_confirm.plan_preview(module, filename, text, skip)
    importable = not plan.result.refused and bool(plan.added) and plan.quiz_text is not None
    confirm = None
    if importable:
        confirm = GiftConfirmForm(
            formdata=None,
            gift_text=text,
            filename=filename,
            skip_unsupported="1" if skip else "",
            revision=str(revision),
            draft=str(draft.id) if draft else "",
        )
    return render_template(
        "author/gift_preview.html",
        module=module,
        title=_title(module),
        plan=plan,
        messages=plan.messages(),
        filename=filename,
        text=text,
        skip=skip,
        confirm=confirm,
        notice=notice,
        has_draft=draft is not None,
        question_names=QUESTION_TYPE_NAMES,
    ), (200 if importable else 422)


@bp.route("/modules/<slug>/quiz/import", methods=["GET", "POST"])
def gift_import(slug):
    module = module_or_404(slug)
    form = GiftUploadForm()
    if form.validate_on_submit():
        # A form field of that name that is not a file (a script's post) counts as none.
        upload = form.file.data if isinstance(form.file.data, FileStorage) else None
        data = upload.read(GIFT_MAX_BYTES + 1) if upload else b""
        filename = ((upload.filename if upload else "") or "")[:FILENAME_LENGTH]
        try:
            if data:
                text = _decoded(data)
            else:
                text, filename = form.text.data or "", form.filename.data or PASTED
                if len(text.encode()) > GIFT_MAX_BYTES:
                    raise NotText(
                        _(
                            "The text is too long: at most %(kb)s KB at a time.",
                            kb=GIFT_MAX_BYTES // 1024,
                        )
                    )
        except NotText as refused:
            form.file.errors.append(str(refused))
        else:
            if not text.strip():
                form.file.errors.append(
                    _("Please choose a GIFT file, or paste GIFT text in the box below.")
                )
            else:
                return _preview(
                    module, filename, _normalised(text), bool(form.skip_unsupported.data)
                )
    return render_template(
        "author/gift_import.html", module=module, title=_title(module), form=form
    ), form_status(form)


@bp.route("/modules/<slug>/quiz/import/confirm", methods=["POST"])
def gift_import_confirm(slug):
    module = module_or_404(slug)
    form = GiftConfirmForm()
    text = _normalised(form.gift_text.data or "")
    if not form.validate_on_submit() or not text.strip():
        flash(_("This preview could not be read. Please choose the file again."), "error")
        return redirect(url_for("author.gift_import", slug=module.slug), 303)
    filename = form.filename.data or PASTED
    skip = form.skip_unsupported.data == "1"
    revision = whole_number("revision", 0, minimum=0, source=request.form) or 0
    draft_id = whole_number("draft", None, source=request.form)
    try:
        plan = gift_confirm.confirm_import(
            module,
            current_user,
            draft_id,
            revision,
            filename,
            text,
            skip_unsupported=skip,
        )
    except gift_confirm.AlreadyAdded:
        db.session.rollback()
        flash(_("These questions were already added to the quiz's draft."), "info")
        return redirect(url_for("author.edit_quiz", slug=module.slug), 303)
    except gift_confirm.DraftMovedOn:
        db.session.rollback()
        notice = _(
            "Someone saved the quiz's draft after you checked the file. Here is the preview "
            "again, on the draft as it is now: nothing has been added yet."
        )
        return _preview(module, filename, text, skip, notice)
    except GiftRefused:
        db.session.rollback()
        return _preview(module, filename, text, skip)
    db.session.commit()
    flash(_added(plan), "success")
    return redirect(url_for("author.edit_quiz", slug=module.slug), 303)


def _added(plan: GiftPlan) -> str:
    return _(
        "%(n)s questions were added to the quiz's draft. They are not published yet: check "
        "them, then publish the draft.",
        n=len(plan.added),
    )
