"""A module's versions as pages: the history of the module and of its quiz, any two versions
side by side, and publishing an old version again (a revert) after a confirmation page.

The JSON twins of these pages (editing.py: …/history, …/history/compare, …/revert/<n>)
answer the editor's script; these work in any browser, without JavaScript.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.author import bp
from app.author.forms import RevertForm
from app.author.module_lookup import module_or_404
from app.extensions import db
from app.form_pages import form_status
from app.labels import ORIGIN_NAMES
from app.models import Module
from app.request_input import choice, record_id
from app.services.authoring import history, publishing
from app.services.authoring.version_notes import change_note
from app.services.authoring.version_origins import version_makings
from app.vocabulary import ContentPart

PARTS = (ContentPart.MODULE, ContentPart.QUIZ)


@bp.route("/modules/<slug>/versions")
def versions(slug):
    module = module_or_404(slug)
    found = history.module_history(module)
    return render_template(
        "author/versions.html",
        module=module,
        title=_title(module),
        parts=(
            (ContentPart.MODULE, found.module_versions),
            (ContentPart.QUIZ, found.quiz_versions),
        ),
        makings=version_makings(module),
        origin_names=ORIGIN_NAMES,
    )


def _title(module: Module) -> str:
    return module.current_version.title if module.current_version else module.slug


def _current_number(module: Module, part: ContentPart) -> int | None:
    if part == ContentPart.MODULE:
        return module.current_version.number if module.current_version else None
    version = module.quiz.current_version if module.quiz else None
    return version.number if version else None


@bp.route("/modules/<slug>/versions/compare")
def compare_page(slug):
    """?part=module|quiz&left=N&right=M; without numbers, the one before the current one
    against the current one."""
    module = module_or_404(slug)
    part = ContentPart(choice("part", PARTS) or ContentPart.MODULE)
    right = record_id("right") or _current_number(module, part)
    left = record_id("left") or (right - 1 if right and right > 1 else right)
    if left is None or right is None:
        abort(404)
    found = history.compare_versions(module, part, left, right)
    if found is None:
        abort(404)
    return render_template(
        "author/compare.html",
        module=module,
        title=_title(module),
        part=part,
        found=found,
        notes=(change_note(module, found.left), change_note(module, found.right)),
        rows=found.diff.folded(),
        counts=found.diff.counts,
    )


def _revert_page(slug: str, part: ContentPart, number: int):
    module = module_or_404(slug)
    old = history.version_of(module, part, number)
    if old is None:
        abort(404)
    current = _current_number(module, part)
    form = RevertForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            version = publishing.revert(
                module,
                part,
                number,
                current_user,
                requires_recertification=part == ContentPart.MODULE
                and bool(form.requires_recertification.data),
                change_note=form.change_note.data or "",
            )
        except publishing.NothingToPublish:
            # Also the answer to a second click: the first one published it.
            db.session.rollback()
            flash(
                _(
                    "Learners already see the text of version %(number)s: nothing new was "
                    "published.",
                    number=number,
                ),
                "info",
            )
            return redirect(url_for("author.versions", slug=module.slug), 303)
        except publishing.NotPublishable as refused:
            db.session.rollback()
            problems = refused.problems or [_("The version could not be read.")]
        else:
            db.session.commit()
            flash(
                _(
                    "Version %(old)s is published again as version %(new)s. Learners see it now.",
                    old=number,
                    new=version.number,
                ),
                "success",
            )
            return redirect(url_for("author.versions", slug=module.slug), 303)
    now = history.version_of(module, part, current) if current else None
    diff = history.compare_texts(part, now.source_text if now else None, old.source_text)
    return render_template(
        "author/revert.html",
        module=module,
        title=_title(module),
        part=part,
        old=old,
        current=current,
        form=form,
        problems=problems,
        rows=diff.folded(),
        counts=diff.counts,
    ), (422 if problems else form_status(form))


@bp.route("/modules/<slug>/versions/module/<id:number>/revert", methods=["GET", "POST"])
def revert_module_page(slug, number):
    return _revert_page(slug, ContentPart.MODULE, number)


@bp.route("/modules/<slug>/versions/quiz/<id:number>/revert", methods=["GET", "POST"])
def revert_quiz_page(slug, number):
    return _revert_page(slug, ContentPart.QUIZ, number)
