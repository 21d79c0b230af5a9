"""The module editor page: front matter as fields, the body as Markdown, a preview as a
learner sees it, the check's problems beside their fields. Every button works without
JavaScript: Save (POST → redirect), Preview (POST → the page again, nothing saved), and
the buttons that add, move or remove an objective or a source (saved, like Save)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.author import bp
from app.author.editor_pages import (
    Shown,
    module_or_404,
    other_part_problems,
    posted_action,
    posted_revision,
    preview_audience,
    problems_by_field,
    save_posted,
    shown_texts,
)
from app.extensions import db
from app.labels import AUDIENCE_NAMES
from app.request_input import record_id
from app.services.authoring import drafts, fields
from app.services.authoring.drafts import DraftCheck, StaleDraft
from app.services.authoring.file_text import module_text
from app.services.authoring.preview import preview_module
from app.vocabulary import EVERYONE, Audience, ContentPart

CONFLICT = 409


def _fields_of(shown: Shown) -> fields.ModuleFields:
    found = fields.read_module_fields(shown.module_text, shown.module.slug)
    # A text with no readable front matter (never one written here): keep all of it.
    return found or fields.ModuleFields(slug=shown.module.slug, body=shown.module_text)


def _preview(module, text: str):
    return preview_module(module, text, url_for("learn.glossary_page"), preview_audience())


def _page(
    shown: Shown,
    typed: fields.ModuleFields,
    check: DraftCheck,
    *,
    revision: int,
    draft_id: int | None,
    preview=None,
    stale: StaleDraft | None = None,
    previewing: bool = False,
    status: int = 200,
):
    module = shown.module
    return render_template(
        "author/module_editor.html",
        module=module,
        fields=typed,
        draft=shown.draft,
        revision=revision,
        draft_id=draft_id,
        check=check,
        problems=problems_by_field(check, ContentPart.MODULE),
        quiz_problems=other_part_problems(check, ContentPart.MODULE),
        preview=preview or _preview(module, module_text(typed)),
        audience=preview_audience(),
        audience_choices=[(code, AUDIENCE_NAMES[code]) for code in (EVERYONE, *Audience)],
        learner_audiences=[(code, AUDIENCE_NAMES[code]) for code in Audience],
        stale=stale,
        previewing=previewing,
    ), status


def _anchor(action: str) -> str:
    return "sources" if "sources" in action else "objectives"


@bp.route("/modules/<slug>/edit", methods=["GET", "POST"])
def edit_module(slug):
    module = module_or_404(slug)
    shown = shown_texts(module)
    if request.method == "GET":
        return _page(
            shown,
            _fields_of(shown),
            shown.check(),
            revision=shown.revision,
            draft_id=shown.draft_id,
        )
    revision = posted_revision()
    typed, action = posted_action(
        fields.module_fields_from_form(request.form, module.slug), fields.module_action
    )
    text = module_text(typed)
    if request.form.get("do") == "preview" and not action:
        # Shown, checked, not saved: the form keeps the revision it was based on.
        check = drafts.check_texts(module, text, shown.quiz_text)
        return _page(
            shown,
            typed,
            check,
            revision=revision,
            draft_id=record_id("draft", source=request.form),
            preview=_preview(module, text),
            previewing=True,
        )
    try:
        save_posted(module, module_text=text)
    except StaleDraft as stale:
        # A refused save may have started a fresh draft to save on top of: keep it.
        db.session.commit()
        check = drafts.check_texts(module, text, stale.draft.quiz_text)
        shown = Shown(module, stale.draft, stale.draft.module_text, stale.draft.quiz_text)
        return _page(
            shown,
            typed,
            check,
            revision=stale.draft.revision,
            draft_id=stale.draft.id,
            stale=stale,
            status=CONFLICT,
        )
    db.session.commit()
    if action:
        return redirect(url_for("author.edit_module", slug=slug, _anchor=_anchor(action)))
    flash(_("The draft is saved. Learners see it once it is published."), "success")
    return redirect(url_for("author.edit_module", slug=slug))


@bp.route("/modules/<slug>/edit/preview", methods=["POST"])
def module_preview_fragment(slug):
    """The preview part of the page for what the form holds now (for the live preview)."""
    module = module_or_404(slug)
    shown_texts(module)  # 404 for a module with nothing to edit
    typed = fields.module_fields_from_form(request.form, module.slug)
    return render_template(
        "author/module_preview.html",
        module=module,
        preview=_preview(module, module_text(typed)),
        audience=preview_audience(),
    )
