"""The browser's GIFT import, confirmed: the previewed questions go into the quiz's draft,
once, on the draft the preview was made on.

The preview names the draft and the revision it was planned on. Confirming again after a
first confirm (a double click, the back button) finds the file's questions already added to
exactly that revision's text and adds nothing; a draft someone else saved meanwhile is
refused, so that the trainer looks at the preview again before anything is added.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import DraftRevision, Module, ModuleDraft, User
from app.services.authoring import drafts
from app.services.authoring.gift import GiftPlan, add_to_draft, plan_import


class AlreadyAdded(Exception):
    """This file's questions are in the draft already: the same import confirmed twice."""


class DraftMovedOn(Exception):
    """The draft changed (or was published or thrown away) since the preview."""


def preview_base(module: Module) -> tuple[ModuleDraft | None, int, str | None]:
    """The draft a preview is planned on, its revision (0: none yet), and its quiz text."""
    draft = drafts.draft_of(module)
    if draft is None:
        version = module.quiz.current_version if module.quiz else None
        return None, 0, version.source_text if version else None
    return draft, draft.revision, draft.quiz_text


def plan_preview(module: Module, path: str, text: str, skip_unsupported: bool) -> GiftPlan:
    """What confirming would add, planned on the quiz's draft (or the published quiz)."""
    _draft, _revision, base = preview_base(module)
    return plan_import(module, path, text, skip_unsupported=skip_unsupported, into=base)


def _text_at(module: Module, draft: ModuleDraft, draft_id: int | None, revision: int) -> str | None:
    """The quiz text the preview was planned on; None when it is not known any more."""
    if revision == 0:
        if draft.base_quiz_version is not None:
            return draft.base_quiz_version.source_text
        return drafts.new_quiz_text(module.slug) if draft.quiz_text is not None else None
    if draft_id != draft.id:
        return None
    return db.session.scalar(
        sa.select(DraftRevision.quiz_text).where(
            DraftRevision.draft_id == draft.id, DraftRevision.revision == revision
        )
    )


def confirm_import(
    module: Module,
    by: User,
    draft_id: int | None,
    revision: int,
    path: str,
    text: str,
    *,
    skip_unsupported: bool = False,
) -> GiftPlan:
    """Add the file's questions to the quiz's draft (starting the draft if there is none),
    as previewed on draft `draft_id` at `revision` (0: no draft yet). Raises AlreadyAdded,
    DraftMovedOn, or GiftRefused (gift.py) for a file that cannot be imported."""
    draft = drafts.draft_of(module)
    if draft is None:
        if revision != 0:
            raise DraftMovedOn()
        draft = drafts.start_draft(module, by)
        revision = draft.revision
    elif revision != draft.revision or (revision and draft_id != draft.id):
        before = _text_at(module, draft, draft_id, revision)
        planned = plan_import(module, path, text, skip_unsupported=skip_unsupported, into=before)
        if before is not None and planned.quiz_text == draft.quiz_text:
            raise AlreadyAdded()
        unchanged_start = revision == 0 and draft.revision == 1 and before == draft.quiz_text
        if not unchanged_start:
            raise DraftMovedOn()
        revision = 1  # someone opened the draft meanwhile, without changing anything
    try:
        return add_to_draft(
            draft, module, by, revision, path, text, skip_unsupported=skip_unsupported
        )
    except drafts.StaleDraft as stale:  # saved at the same moment
        raise DraftMovedOn() from stale
