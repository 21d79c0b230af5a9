"""Publishing a draft as the next immutable, numbered versions; reverting to an old one.

Both go through the storing code of `content load` (library_import.py), so that a version
published in the browser is rendered and sanitised exactly once, as a loaded one is, and
learners see it at once. Each says where it was made: origin 'browser', by whom, whether it
asks learners to re-certify, and what changed.
"""

from dataclasses import dataclass

from app.content.module_files import parse_module
from app.content.problems import Problem
from app.content.quiz_files import parse_quiz
from app.extensions import db
from app.models import Module, ModuleDraft, ModuleVersion, QuizVersion, User
from app.models.audit import AuditDetails
from app.services.administration.audit import record
from app.services.authoring.drafts import (
    DraftChanges,
    DraftCheck,
    check_draft,
    delete_draft,
    module_file,
    quiz_file,
    stale_draft,
)
from app.services.authoring.history import compare_texts, version_of
from app.services.authoring.library_import import (
    Provenance,
    store_module_version,
    store_quiz_version,
)
from app.vocabulary import AuthoringAction, ContentPart, Origin


class NotPublishable(Exception):
    """The draft (or the old version) does not pass the checks of `content load`."""

    def __init__(self, check: DraftCheck | None = None, problems: list[Problem] | None = None):
        self.check = check
        self.problems = [str(p) for p in (check.problems if check else problems or [])]
        super().__init__("\n".join(self.problems))


class NothingToPublish(Exception):
    """The text is the same as the current published version's: no version to add."""


class PublishedMeanwhile(Exception):
    """A version was published (in the browser, by a revert or from a file) after this draft
    was started: publishing it would undo that. `changes` shows what that version changed
    against the draft's starting point; publish again with `over_newer=True` to go ahead."""

    def __init__(self, draft: ModuleDraft, changes: DraftChanges):
        self.draft = draft
        self.changes = changes
        super().__init__(f"module {draft.module_id}: published since the draft was started")


@dataclass(frozen=True)
class Published:
    module_version: ModuleVersion | None
    quiz_version: QuizVersion | None


def _provenance(by: User, requires_recertification: bool, change_note: str | None) -> Provenance:
    return Provenance(
        origin=Origin.BROWSER,
        published_by=by,
        requires_recertification=requires_recertification,
        change_note=(change_note or "").strip() or None,
    )


def _published_meanwhile(module: Module, draft: ModuleDraft) -> DraftChanges | None:
    quiz_version = module.quiz.current_version if module.quiz else None
    module_moved = draft.base_module_version_id != module.current_version_id
    quiz_moved = (quiz_version.id if quiz_version else None) != draft.base_quiz_version_id
    if not module_moved and not quiz_moved:
        return None
    base_module = draft.base_module_version
    base_quiz = draft.base_quiz_version
    return DraftChanges(
        module=compare_texts(
            ContentPart.MODULE,
            base_module.source_text if base_module else None,
            module.current_version.source_text if module.current_version else None,
        ),
        quiz=compare_texts(
            ContentPart.QUIZ,
            base_quiz.source_text if base_quiz else None,
            quiz_version.source_text if quiz_version else None,
        ),
    )


def publish_draft(
    draft: ModuleDraft,
    by: User,
    revision: int,
    *,
    requires_recertification: bool = False,
    change_note: str | None = None,
    over_newer: bool = False,
) -> Published:
    """Publish the draft as the next versions of the module and its quiz, and close it.

    `revision` is the draft revision the trainer saw (StaleDraft otherwise: they would
    publish a change they have not seen). Raises NotPublishable with the problems,
    NothingToPublish when nothing differs from what learners see, PublishedMeanwhile when a
    version was published since the draft started (unless `over_newer`). A part whose text
    is unchanged gets no new version, except that `requires_recertification` always makes a
    new module version, since the mark belongs to one. Does not commit.
    """
    if revision != draft.revision:
        raise stale_draft(draft, revision, (draft.module_text, draft.quiz_text))
    module = db.session.get_one(Module, draft.module_id)
    check = check_draft(draft)
    if not check.publishable or check.module is None:
        raise NotPublishable(check)
    if not over_newer:
        meanwhile = _published_meanwhile(module, draft)
        if meanwhile is not None:
            raise PublishedMeanwhile(draft, meanwhile)
    provenance = _provenance(by, requires_recertification, change_note)
    current = module.current_version
    if (
        requires_recertification
        and current is not None
        and (current.content_hash == check.module.content_hash)
    ):
        # The same text again, as a version of its own that carries the mark.
        module.current_version = None
        db.session.flush()
    module_version = store_module_version(module, check.module, provenance)
    quiz_version = store_quiz_version(module, check.quiz, provenance) if check.quiz else None
    if module_version is None and quiz_version is None:
        raise NothingToPublish()
    details: AuditDetails = {"requires_recertification": requires_recertification}
    if module_version is not None:
        details["module_version"] = module_version.number
    if quiz_version is not None:
        details["quiz_version"] = quiz_version.number
    if provenance.change_note:
        details["change_note"] = provenance.change_note
    record(AuthoringAction.PUBLISH, module, details, actor=by)
    delete_draft(draft)
    return Published(module_version, quiz_version)


def revert(
    module: Module,
    part: ContentPart,
    number: int,
    by: User,
    *,
    requires_recertification: bool = False,
    change_note: str | None = None,
) -> ModuleVersion | QuizVersion:
    """Publish the text of version `number` of the module (or its quiz) again, as the next
    number. An open draft is kept as it is (publishing it later asks first, see
    PublishedMeanwhile). Raises LookupError for no such version, NothingToPublish when that
    text is what learners see now, NotPublishable if it no longer passes the checks."""
    old = version_of(module, part, number)
    if old is None:
        raise LookupError(f"{module.slug} has no {part} version {number}")
    provenance = _provenance(by, requires_recertification, change_note)
    stored: ModuleVersion | QuizVersion | None
    if part == ContentPart.MODULE:
        doc, problems = parse_module(module_file(module.slug), old.source_text)
        if doc is None or doc.slug != module.slug:
            raise NotPublishable(problems=problems)
        stored = store_module_version(module, doc, provenance)
    else:
        quiz, problems = parse_quiz(quiz_file(module.slug), old.source_text)
        if quiz is None or quiz.module_slug != module.slug:
            raise NotPublishable(problems=problems)
        stored = store_quiz_version(module, quiz, provenance)
    if stored is None:
        raise NothingToPublish()
    details: AuditDetails = {
        "part": str(part),
        "restored_version": number,
        "requires_recertification": requires_recertification,
    }
    if part == ContentPart.MODULE:
        details["module_version"] = stored.number
    else:
        details["quiz_version"] = stored.number
    if provenance.change_note:
        details["change_note"] = provenance.change_note
    record(AuthoringAction.REVERT, module, details, actor=by)
    return stored
