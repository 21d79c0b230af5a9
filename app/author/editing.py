"""Thin endpoints that drive the authoring services: create a module, read and save its
draft (autosave included), preview it, publish it, read its history, revert, export GIFT.

They answer JSON, for the editor's own script (and for the pages built on these services).
Every POST is a CSRF-protected form; the blueprint lets in trainers and admins only.
"""

from dataclasses import asdict

import sqlalchemy as sa
from flask import abort, jsonify, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.author import bp
from app.author.problem_text import problem_json, problem_text
from app.extensions import db
from app.models import Module, ModuleDraft
from app.request_input import record_id, whole_number
from app.services.authoring import drafts, fields, history, publishing
from app.services.authoring.file_text import module_text, quiz_text
from app.services.authoring.gift import NoQuiz, export_quiz
from app.services.authoring.preview import preview_module
from app.services.field_errors import FieldError
from app.vocabulary import ContentPart

CONFLICT = 409
UNPROCESSABLE = 422


def _module_or_404(slug: str) -> Module:
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None:
        abort(404)
    return module


def _revision() -> int:
    revision = whole_number("revision", minimum=0, source=request.form)
    if revision is None:
        abort(400)
    return revision


def _moment(value) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def _person(user) -> dict | None:
    return {"username": user.username, "display_name": user.display_name} if user else None


def _diff(diff: history.Diff) -> dict:
    return {
        "changed": diff.changed,
        "rows": [
            {
                "kind": str(row.kind),
                "left": row.left,
                "right": row.right,
                "left_number": row.left_number,
                "right_number": row.right_number,
                "left_segments": [asdict(s) for s in row.left_segments],
                "right_segments": [asdict(s) for s in row.right_segments],
                "skipped": row.skipped,
            }
            for row in diff.folded()
        ],
    }


def _changes(changes: drafts.DraftChanges) -> dict:
    return {"module": _diff(changes.module), "quiz": _diff(changes.quiz)}


def _form_data(part: ContentPart, text: str | None, slug: str) -> fields.FormData | None:
    if text is None:
        return None
    if part == ContentPart.MODULE:
        module = fields.read_module_fields(text, slug)
        return fields.module_form_data(module) if module else None
    quiz = fields.read_quiz_fields(text, slug)
    return fields.quiz_form_data(quiz) if quiz else None


def _check(check: drafts.DraftCheck) -> dict:
    return {
        "problems": [problem_json(p) for p in check.problems],
        "warnings": [problem_text(w) for w in check.warnings],
        "publishable": check.publishable,
    }


def _draft_state(module: Module, draft: ModuleDraft | None) -> dict:
    if draft is None:
        version = module.current_version
        quiz = module.quiz.current_version if module.quiz else None
        texts = (version.source_text if version else "", quiz.source_text if quiz else None)
        check = drafts.check_texts(module, *texts)
        return {
            "draft": None,
            "revision": 0,
            "module": _form_data(ContentPart.MODULE, texts[0], module.slug),
            "quiz": _form_data(ContentPart.QUIZ, texts[1], module.slug),
            **_check(check),
        }
    return {
        "draft": draft.id,
        "revision": draft.revision,
        "saved_at": _moment(draft.updated_at),
        "saved_by": _person(draft.updated_by),
        "started_by": _person(draft.created_by),
        "module": _form_data(ContentPart.MODULE, draft.module_text, module.slug),
        "quiz": _form_data(ContentPart.QUIZ, draft.quiz_text, module.slug),
        **_check(drafts.check_draft(draft)),
    }


def _stale_answer(module: Module, stale: drafts.StaleDraft):
    # A refused save may have started a fresh draft to save on top of: keep it.
    db.session.commit()
    mine_module, mine_quiz = stale.yours
    return jsonify(
        error="stale",
        message=_(
            "%(name)s saved this draft at %(time)s, after you opened it. Nothing of yours "
            "was saved and nothing is lost: your text is still in the form. Look at their "
            "changes below, then save yours again on top.",
            name=stale.draft.updated_by.display_name,
            time=_moment(stale.draft.updated_at),
        ),
        draft=stale.draft.id,
        revision=stale.draft.revision,
        saved_at=_moment(stale.draft.updated_at),
        saved_by=_person(stale.draft.updated_by),
        changes=_changes(stale.changes),
        yours={
            "module": _form_data(ContentPart.MODULE, mine_module, module.slug),
            "quiz": _form_data(ContentPart.QUIZ, mine_quiz, module.slug),
        },
    ), CONFLICT


@bp.route("/modules/new", methods=["POST"])
def new_module():
    try:
        draft = drafts.create_module(
            request.form.get("slug", ""), request.form.get("title", ""), current_user
        )
    except FieldError as error:
        return jsonify(error="invalid", errors={error.field: str(error.message)}), UNPROCESSABLE
    db.session.commit()
    module = db.session.get_one(Module, draft.module_id)
    response = jsonify(slug=module.slug, draft=draft.id, revision=draft.revision)
    response.status_code = 201
    response.headers["Location"] = url_for("author.draft", slug=module.slug)
    return response


@bp.route("/modules/<slug>/draft")
def draft(slug):
    module = _module_or_404(slug)
    return jsonify(_draft_state(module, drafts.draft_of(module)))


def _texts_from_form(module: Module) -> tuple[str | None, str | None]:
    """The text of the part the form sent (`part`), after its structural `action`, if any."""
    part = request.form.get("part", "")
    action = request.form.get("action", "")
    try:
        if part == ContentPart.MODULE:
            module_fields = fields.module_fields_from_form(request.form, module.slug)
            if action:
                module_fields = fields.module_action(module_fields, action)
            return module_text(module_fields), None
        if part == ContentPart.QUIZ:
            quiz_fields = fields.quiz_fields_from_form(request.form, module.slug)
            if action:
                quiz_fields = fields.quiz_action(quiz_fields, action)
            return None, quiz_text(quiz_fields)
    except ValueError:
        abort(400)
    abort(400)


@bp.route("/modules/<slug>/draft/save", methods=["POST"])
def save_draft(slug):
    module = _module_or_404(slug)
    if module.current_version is None and drafts.draft_of(module) is None:
        abort(404)
    revision = _revision()
    new_module, new_quiz = _texts_from_form(module)
    try:
        draft = drafts.save(
            module,
            current_user,
            revision,
            draft_id=record_id("draft", source=request.form),
            module_text=new_module,
            quiz_text=new_quiz,
            autosave=request.form.get("autosave") == "1",
        )
    except drafts.StaleDraft as stale:
        return _stale_answer(module, stale)
    db.session.commit()
    check = drafts.check_draft(draft)
    return jsonify(
        draft=draft.id,
        revision=draft.revision,
        saved_at=_moment(draft.updated_at),
        saved_by=_person(draft.updated_by),
        **_check(check),
    )


@bp.route("/modules/<slug>/draft/preview", methods=["POST"])
def preview(slug):
    """The module part of the form rendered as a learner of `audience` would see it."""
    module = _module_or_404(slug)
    text = module_text(fields.module_fields_from_form(request.form, module.slug))
    audience = request.form.get("audience") or None
    shown = preview_module(module, text, url_for("learn.glossary_page"), audience)
    return jsonify(
        title=shown.title,
        summary=shown.summary,
        objectives=list(shown.objectives),
        for_audience=shown.for_audience,
        sections=[asdict(section) for section in shown.sections],
    )


@bp.route("/modules/<slug>/draft/discard", methods=["POST"])
def discard(slug):
    module = _module_or_404(slug)
    draft = drafts.draft_of(module)
    if draft is None:
        abort(404)
    if _revision() != draft.revision:
        return _stale_answer(module, drafts.stale_draft(draft, _revision(), (None, None)))
    drafts.discard_draft(draft, current_user)
    db.session.commit()
    return jsonify(discarded=True)


@bp.route("/modules/<slug>/publish", methods=["POST"])
def publish(slug):
    module = _module_or_404(slug)
    draft = drafts.draft_of(module)
    if draft is None:
        # Also the answer to a second click on "publish": the first one published it.
        version = module.current_version
        quiz = module.quiz.current_version if module.quiz else None
        return jsonify(
            error="no_draft",
            message=_("There is no draft to publish: learners see the published version."),
            module_version=version.number if version else None,
            quiz_version=quiz.number if quiz else None,
        ), CONFLICT
    try:
        published = publishing.publish_draft(
            draft,
            current_user,
            _revision(),
            requires_recertification=bool(request.form.get("requires_recertification")),
            change_note=request.form.get("change_note", ""),
            over_newer=request.form.get("over_newer") == "1",
        )
    except drafts.StaleDraft as stale:
        return _stale_answer(module, stale)
    except publishing.NotPublishable as refused:
        problems = refused.check.problems if refused.check else ()
        return jsonify(
            error="problems",
            message=_("The draft has problems to fix before it can be published."),
            problems=[problem_json(p) for p in problems],
        ), UNPROCESSABLE
    except publishing.NothingToPublish:
        return jsonify(
            error="unchanged",
            message=_("The draft is the same as the published version: there is nothing new."),
        ), UNPROCESSABLE
    except publishing.PublishedMeanwhile as meanwhile:
        return jsonify(
            error="published_meanwhile",
            message=_(
                "A new version was published after this draft was started. Publishing the "
                "draft would undo it. Look at what it changed, then publish again to go ahead."
            ),
            changes=_changes(meanwhile.changes),
        ), CONFLICT
    db.session.commit()
    return jsonify(
        module_version=published.module_version.number if published.module_version else None,
        quiz_version=published.quiz_version.number if published.quiz_version else None,
    )


def _revert(slug: str, part: ContentPart, number: int):
    module = _module_or_404(slug)
    try:
        version = publishing.revert(
            module,
            part,
            number,
            current_user,
            requires_recertification=bool(request.form.get("requires_recertification")),
            change_note=request.form.get("change_note", ""),
        )
    except LookupError:
        abort(404)
    except publishing.NothingToPublish:
        return jsonify(
            error="unchanged",
            message=_("That version's text is what learners see now: there is nothing to revert."),
        ), UNPROCESSABLE
    except publishing.NotPublishable as refused:
        return jsonify(
            error="problems",
            message=_("That version no longer passes the checks and cannot be published again."),
            problems=refused.problems,
        ), UNPROCESSABLE
    db.session.commit()
    return jsonify(part=str(part), restored=number, number=version.number)


@bp.route("/modules/<slug>/revert/<id:number>", methods=["POST"])
def revert_module(slug, number):
    return _revert(slug, ContentPart.MODULE, number)


@bp.route("/modules/<slug>/quiz/revert/<id:number>", methods=["POST"])
def revert_quiz(slug, number):
    return _revert(slug, ContentPart.QUIZ, number)


def _versions(versions: list[history.VersionSummary]) -> list[dict]:
    return [
        {
            "number": v.number,
            "created_at": _moment(v.created_at),
            "origin": v.origin,
            "published_by": _person(v.published_by),
            "current": v.current,
            "requires_recertification": v.requires_recertification,
            "change_note": v.change_note,
        }
        for v in versions
    ]


@bp.route("/modules/<slug>/history")
def module_history(slug):
    found = history.module_history(_module_or_404(slug))
    return jsonify(module=_versions(found.module_versions), quiz=_versions(found.quiz_versions))


@bp.route("/modules/<slug>/history/compare")
def compare(slug):
    """?part=module|quiz&left=N&right=M: the two versions side by side."""
    part = request.args.get("part", ContentPart.MODULE)
    left, right = record_id("left"), record_id("right")
    if part not in (ContentPart.MODULE, ContentPart.QUIZ) or left is None or right is None:
        abort(400)
    found = history.compare_versions(_module_or_404(slug), ContentPart(part), left, right)
    if found is None:
        abort(404)
    return jsonify(part=part, left=left, right=right, **_diff(found.diff))


@bp.route("/modules/<slug>/quiz.gift")
def quiz_gift(slug):
    """The current quiz as a GIFT file to download (for Moodle)."""
    module = _module_or_404(slug)
    try:
        exported = export_quiz(module, current_user)
    except NoQuiz:
        abort(404)
    db.session.commit()
    response = make_response(exported.text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{module.slug}.gift"'
    return response
