"""Publishing a draft, and throwing one away, as pages: what would change for learners, the
problems that block publishing, the re-certification mark and the change note. A second
click (or an old tab) finds no draft and is told so calmly: the first one did the work."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.author import bp
from app.author.editor_pages import module_or_404, posted_revision
from app.extensions import db
from app.models import Module, ModuleDraft
from app.services.authoring import drafts, publishing
from app.services.authoring.history import compare_texts
from app.services.authoring.module_titles import module_title
from app.vocabulary import ContentPart

CONFLICT = 409
UNPROCESSABLE = 422


def _published_texts(module: Module) -> tuple[str | None, str | None]:
    quiz = module.quiz.current_version if module.quiz else None
    version = module.current_version
    return (version.source_text if version else None, quiz.source_text if quiz else None)


def _publish_page(module: Module, draft: ModuleDraft | None, status: int = 200, **context):
    changes = None
    check = None
    if draft is not None:
        module_before, quiz_before = _published_texts(module)
        changes = drafts.DraftChanges(
            module=compare_texts(ContentPart.MODULE, module_before, draft.module_text),
            quiz=compare_texts(ContentPart.QUIZ, quiz_before, draft.quiz_text),
        )
        check = drafts.check_draft(draft)
    return render_template(
        "author/publish.html",
        module=module,
        title=module_title(module, draft),
        draft=draft,
        check=check,
        changes=changes,
        note=request.form.get("change_note", ""),
        recertify=bool(request.form.get("requires_recertification")),
        **context,
    ), status


@bp.route("/modules/<slug>/publish/review", methods=["GET", "POST"])
def publish_page(slug):
    module = module_or_404(slug)
    draft = drafts.draft_of(module)
    if request.method == "GET":
        return _publish_page(module, draft)
    if draft is None:
        # A second click on "Publish", or a tab left open: the first click published it.
        flash(_("There is no draft to publish any more: learners see the published version."))
        return redirect(url_for("author.publish_page", slug=slug))
    revision = posted_revision()
    try:
        published = publishing.publish_draft(
            draft,
            current_user,
            revision,
            requires_recertification=bool(request.form.get("requires_recertification")),
            change_note=request.form.get("change_note", ""),
            over_newer=request.form.get("over_newer") == "1",
        )
    except drafts.StaleDraft as stale:
        return _publish_page(module, stale.draft, CONFLICT, stale=stale)
    except publishing.NotPublishable:
        return _publish_page(module, draft, UNPROCESSABLE, refused=True)
    except publishing.NothingToPublish:
        return _publish_page(module, draft, UNPROCESSABLE, unchanged=True)
    except publishing.PublishedMeanwhile as meanwhile:
        return _publish_page(module, draft, CONFLICT, meanwhile=meanwhile.changes)
    db.session.commit()
    parts = []
    if published.module_version is not None:
        parts.append(_("module text version %(n)s", n=published.module_version.number))
    if published.quiz_version is not None:
        parts.append(_("quiz version %(n)s", n=published.quiz_version.number))
    flash(_("Published: learners now see %(what)s.", what="、".join(parts)), "success")
    return redirect(url_for("author.publish_page", slug=slug))


@bp.route("/modules/<slug>/discard", methods=["GET", "POST"])
def discard_page(slug):
    module = module_or_404(slug)
    draft = drafts.draft_of(module)
    if request.method == "GET" or draft is None:
        if draft is None and request.method == "POST":
            flash(_("There is no draft to throw away any more."))
            return redirect(url_for("author.publish_page", slug=slug))
        return render_template("author/discard.html", module=module, draft=draft)
    revision = posted_revision()
    if revision != draft.revision:
        stale = drafts.stale_draft(draft, revision, (None, None))
        return render_template(
            "author/discard.html", module=module, draft=stale.draft, stale=stale
        ), CONFLICT
    never_published = module.current_version_id is None
    drafts.discard_draft(draft, current_user)
    db.session.commit()
    if never_published:
        flash(_("The draft and its new module were thrown away."), "success")
        return redirect(url_for("author.home"))
    flash(_("The draft was thrown away. Learners keep seeing the published version."), "success")
    return redirect(url_for("author.edit_module", slug=slug))
