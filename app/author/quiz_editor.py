"""The quiz editor page: every question of every type, its options (or a matching
question's pairs and extra answers), right answers, feedback, explanation and source; a
preview as the learner's quiz page shows it, with the blind-strategy warnings of
`content check`. Adding, moving and removing are submit buttons that save the draft with the
change, so the page works without JavaScript."""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.author import bp
from app.author.editor_pages import (
    Shown,
    module_or_404,
    other_part_problems,
    posted_action,
    posted_revision,
    problems_by_field,
    save_posted,
    shown_texts,
)
from app.content.question_types import QUESTION_TYPES
from app.extensions import db
from app.labels import QUESTION_TYPE_NAMES
from app.request_input import record_id
from app.services.authoring import drafts, fields
from app.services.authoring.drafts import DraftCheck, StaleDraft
from app.services.authoring.file_text import quiz_text
from app.services.authoring.quiz_preview import preview_quiz
from app.vocabulary import ContentPart

CONFLICT = 409
_QUESTION = re.compile(r"questions-(\d{1,4})(-.+)?")


def _fields_of(shown: Shown) -> fields.QuizFields | None:
    if shown.quiz_text is None:
        return None
    return fields.read_quiz_fields(shown.quiz_text, shown.module.slug) or fields.QuizFields(
        module=shown.module.slug
    )


def _page(
    shown: Shown,
    typed: fields.QuizFields | None,
    check: DraftCheck,
    *,
    revision: int,
    draft_id: int | None,
    stale: StaleDraft | None = None,
    previewing: bool = False,
    status: int = 200,
):
    return render_template(
        "author/quiz_editor.html",
        module=shown.module,
        title=_title(shown),
        quiz=typed,
        draft=shown.draft,
        revision=revision,
        draft_id=draft_id,
        check=check,
        problems=problems_by_field(check, ContentPart.QUIZ),
        module_problems=other_part_problems(check, ContentPart.QUIZ),
        preview=preview_quiz(typed) if typed else [],
        warnings=check.warnings,
        type_names=QUESTION_TYPE_NAMES,
        pairs_types={name for name, kind in QUESTION_TYPES.items() if kind.uses_pairs},
        stale=stale,
        previewing=previewing,
    ), status


def _title(shown: Shown) -> str:
    module = fields.read_module_fields(shown.module_text, shown.module.slug)
    return module.title if module and module.title else shown.module.slug


def _anchor(action: str, typed: fields.QuizFields) -> str:
    """Where the page opens after a button: the question the button changed."""
    verb, _sep, target = action.partition(":")
    if target.startswith("questions:"):  # a new question, at the end
        return f"questions-{len(typed.questions) - 1}"
    found = _QUESTION.fullmatch(target)
    if found is None:
        return "questions"
    number = int(found.group(1))
    if found.group(2) is None:  # the question itself moved or went
        if verb == "remove":
            return "questions"
        number += -1 if verb == "up" else 1
    return f"questions-{max(0, min(number, len(typed.questions) - 1))}"


def _add_quiz(shown: Shown):
    """Give a module without a quiz an empty one, in its draft."""
    revision = posted_revision()
    try:
        draft = shown.draft or drafts.start_draft(shown.module, current_user)
        drafts.add_quiz(draft, current_user, revision if shown.draft else draft.revision)
    except StaleDraft:
        db.session.rollback()
        flash(_("Someone else saved this draft meanwhile. Please try again."), "info")
        return redirect(url_for("author.edit_quiz", slug=shown.module.slug))
    db.session.commit()
    return redirect(url_for("author.edit_quiz", slug=shown.module.slug))


@bp.route("/modules/<slug>/quiz/edit", methods=["GET", "POST"])
def edit_quiz(slug):
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
    if request.form.get("do") == "add_quiz":
        return _add_quiz(shown)
    if shown.quiz_text is None:
        abort(400)  # a form for a quiz this module does not have
    revision = posted_revision()
    typed, action = posted_action(
        fields.quiz_fields_from_form(request.form, module.slug), fields.quiz_action
    )
    text = quiz_text(typed)
    if request.form.get("do") == "preview" and not action:
        check = drafts.check_texts(module, shown.module_text, text)
        return _page(
            shown,
            typed,
            check,
            revision=revision,
            draft_id=record_id("draft", source=request.form),
            previewing=True,
        )
    try:
        save_posted(module, quiz_text=text)
    except StaleDraft as stale:
        db.session.commit()  # keep the fresh draft a refused save may have started
        shown = Shown(module, stale.draft, stale.draft.module_text, stale.draft.quiz_text)
        check = drafts.check_texts(module, stale.draft.module_text, text)
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
        return redirect(url_for("author.edit_quiz", slug=slug, _anchor=_anchor(action, typed)))
    flash(_("The draft is saved. Learners see it once it is published."), "success")
    return redirect(url_for("author.edit_quiz", slug=slug))


@bp.route("/modules/<slug>/quiz/edit/preview", methods=["POST"])
def quiz_preview_fragment(slug):
    """The quiz preview and its warnings for what the form holds now (the live preview)."""
    module = module_or_404(slug)
    shown = shown_texts(module)
    typed = fields.quiz_fields_from_form(request.form, module.slug)
    check = drafts.check_texts(module, shown.module_text, quiz_text(typed))
    return render_template(
        "author/quiz_preview.html", preview=preview_quiz(typed), warnings=check.warnings
    )
