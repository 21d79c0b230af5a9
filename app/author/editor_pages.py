"""What the module editor and the quiz editor pages share: the texts they show (the open
draft, or what learners see when there is none), the revision a form was based on, saving
what a form sent, and a check's problems arranged by the field they concern.

The pages work without JavaScript: every button is a normal form POST. Their script
(static/js/editor.js) adds autosave and a live preview through the JSON endpoints
(editing.py) and the preview fragments below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from app.extensions import db
from app.models import Module, ModuleDraft
from app.request_input import record_id, whole_number
from app.services.authoring import drafts, fields
from app.services.authoring.drafts import DraftCheck, DraftProblem
from app.vocabulary import Audience, ContentPart


def module_or_404(slug: str) -> Module:
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None:
        abort(404)
    return module


@dataclass(frozen=True)
class Shown:
    """The texts an editor shows: the draft's, or the published versions' (revision 0)."""

    module: Module
    draft: ModuleDraft | None
    module_text: str
    quiz_text: str | None

    @property
    def revision(self) -> int:
        return self.draft.revision if self.draft else 0

    @property
    def draft_id(self) -> int | None:
        return self.draft.id if self.draft else None

    def check(self) -> DraftCheck:
        if self.draft is not None:
            return drafts.check_draft(self.draft)
        return drafts.check_texts(self.module, self.module_text, self.quiz_text)


def shown_texts(module: Module) -> Shown:
    draft = drafts.draft_of(module)
    if draft is not None:
        return Shown(module, draft, draft.module_text, draft.quiz_text)
    version = module.current_version
    if version is None:
        abort(404)
    quiz = module.quiz.current_version if module.quiz else None
    return Shown(module, None, version.source_text, quiz.source_text if quiz else None)


def posted_revision() -> int:
    """The revision the form was showing; 400 for a form that does not say."""
    revision = whole_number("revision", minimum=0, source=request.form)
    if revision is None:
        abort(400)
    return revision


def save_posted(
    module: Module, *, module_text: str | None = None, quiz_text: str | None = None
) -> ModuleDraft:
    """Save what the form sent on top of the revision it names (StaleDraft if it moved)."""
    return drafts.save(
        module,
        current_user,
        posted_revision(),
        draft_id=record_id("draft", source=request.form),
        module_text=module_text,
        quiz_text=quiz_text,
    )


Fields = TypeVar("Fields")


def posted_action(typed: Fields, apply: Callable[[Fields, str], Fields]) -> tuple[Fields, str]:
    """The form's fields after the structural button it was sent with (`action`), if any.
    A button naming a row that is gone (a second click on "remove") is done already; a
    made-up action is a 400."""
    action = request.form.get("action", "")
    if not action:
        return typed, action
    try:
        return apply(typed, action), action
    except ValueError:
        if not fields.is_action(action):
            abort(400)
        return typed, action


def preview_audience() -> str | None:
    """The audience the preview shows the module to; None for a code that is none."""
    chosen = request.form.get("audience") or request.args.get("audience") or ""
    return chosen if chosen in set(Audience) else None


def problems_by_field(check: DraftCheck, part: ContentPart) -> dict[str, list[DraftProblem]]:
    """The part's problems by the form field they concern ("" for those that name none)."""
    found: dict[str, list[DraftProblem]] = {}
    for problem in check.problems:
        if problem.part == part:
            found.setdefault(problem.field or "", []).append(problem)
    return found


def other_part_problems(check: DraftCheck, part: ContentPart) -> int:
    """How many problems the other editor has to show."""
    return sum(1 for problem in check.problems if problem.part != part)
