"""Drafts: start one, read it as fields, save it without losing anyone's work, check it.

A draft is a module's file text and its quiz's (app/models/drafts.py). Every save names the
revision it was based on; when the draft has moved on meanwhile, the save is refused with
StaleDraft, which carries the draft as it is now and what changed since that revision, so
that the page can show the other person's changes and keep this person's in the form. The
conditional UPDATE makes the refusal hold between two requests at the same moment too.

Problems come from the parser `content load` uses (the same words as `content check`), each
mapped to the editor's field, or to a line of the Markdown body.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import CursorResult

from app.content.blind_strategies import analyse_quiz
from app.content.documents import ModuleDoc, QuizDoc
from app.content.messages import Msg
from app.content.module_files import SLUG, parse_module
from app.content.problems import Problem
from app.content.quiz_files import parse_quiz
from app.content.yaml_source import LineIndex, load_yaml
from app.extensions import db
from app.models import AuditEvent, DraftRevision, Module, ModuleDraft, ModuleVersion, User
from app.models.timestamps import utcnow
from app.services.administration.audit import record
from app.services.authoring.fields import (
    ModuleFields,
    QuizFields,
    read_module_fields,
    read_quiz_fields,
    split_module_text,
)
from app.services.authoring.file_text import module_text, quiz_text
from app.services.authoring.history import Diff, compare_texts
from app.services.authoring.library_import import length_problems
from app.services.field_errors import FieldError
from app.vocabulary import AuthoringAction, ContentPart

# Autosaves leave at most one audit event per draft and person in this time; saves the
# trainer asks for are each recorded.
AUTOSAVE_AUDIT_INTERVAL = timedelta(minutes=10)
DEFAULT_PASS_MARK = "80"
SLUG_LENGTH = 80  # modules.slug


def module_file(slug: str, order: int | str | None = None) -> str:
    """The module's file, as `content export` names it: modules/NN-slug.md."""
    text = str(order) if order is not None else ""
    number = int(text) if text.isascii() and text.isdigit() else None
    return f"modules/{number:02d}-{slug}.md" if number is not None else f"modules/{slug}.md"


def quiz_file(slug: str) -> str:
    return f"quizzes/{slug}.yaml"


# --- starting ------------------------------------------------------------------------------


def draft_of(module: Module) -> ModuleDraft | None:
    """The module's open draft, if anyone has started one."""
    return db.session.scalar(sa.select(ModuleDraft).where(ModuleDraft.module_id == module.id))


def _add_revision(draft: ModuleDraft, by: User, autosave: bool = False) -> None:
    db.session.add(
        DraftRevision(
            draft_id=draft.id,
            revision=draft.revision,
            module_text=draft.module_text,
            quiz_text=draft.quiz_text,
            saved_by_id=by.id,
            saved_at=draft.updated_at,
            autosave=autosave,
        )
    )


def start_draft(module: Module, by: User) -> ModuleDraft:
    """The module's draft: the open one, or a new one holding the current published texts."""
    draft = draft_of(module)
    if draft is not None:
        return draft
    if module.current_version is None:
        raise ValueError(f"module {module.slug} has no published version to start from")
    quiz_version = module.quiz.current_version if module.quiz else None
    now = utcnow()
    draft = ModuleDraft(
        module_id=module.id,
        module_text=module.current_version.source_text,
        quiz_text=quiz_version.source_text if quiz_version else None,
        revision=1,
        base_module_version_id=module.current_version.id,
        base_quiz_version_id=quiz_version.id if quiz_version else None,
        created_by_id=by.id,
        created_at=now,
        updated_by_id=by.id,
        updated_at=now,
    )
    db.session.add(draft)
    db.session.flush()
    _add_revision(draft, by)
    db.session.flush()
    return draft


def new_module_text(slug: str, title: str, order: int) -> str:
    """The file text a new module's draft starts from: its slug and title, the rest empty."""
    return module_text(ModuleFields(slug=slug, title=title, audiences=(), order=str(order)))


def new_quiz_text(slug: str) -> str:
    """The file text a new quiz starts from: no questions yet."""
    return quiz_text(QuizFields(module=slug, pass_mark=DEFAULT_PASS_MARK))


def create_module(slug: str, title: str, by: User, with_quiz: bool = True) -> ModuleDraft:
    """A new module: a Module row with no published version (so learners do not see it)
    and its draft. Raises FieldError('slug' or 'title', message) for a bad or taken slug."""
    slug = slug.strip()
    if not SLUG.match(slug) or len(slug) > SLUG_LENGTH:
        raise FieldError(
            "slug",
            _l(
                "Use lowercase letters, digits and '-' only (e.g. self-care), "
                "%(n)s characters at most.",
                n=SLUG_LENGTH,
            ),
        )
    if db.session.scalar(sa.select(Module.id).where(Module.slug == slug)) is not None:
        raise FieldError("slug", _l("Another module already has this slug."))
    if not title.strip():
        raise FieldError("title", _l("Please give the module a title."))
    # The next place in the curriculum.
    last = db.session.scalar(
        sa.select(sa.func.max(ModuleVersion.position)).join(
            Module, Module.current_version_id == ModuleVersion.id
        )
    )
    module = Module(slug=slug)
    db.session.add(module)
    db.session.flush()
    now = utcnow()
    draft = ModuleDraft(
        module_id=module.id,
        module_text=new_module_text(slug, title.strip(), (last or 0) + 1),
        quiz_text=new_quiz_text(slug) if with_quiz else None,
        revision=1,
        created_by_id=by.id,
        created_at=now,
        updated_by_id=by.id,
        updated_at=now,
    )
    db.session.add(draft)
    db.session.flush()
    _add_revision(draft, by)
    record(AuthoringAction.MODULE_CREATE, module, actor=by)
    return draft


def discard_draft(draft: ModuleDraft, by: User) -> None:
    """Throw the draft away (its saved revisions too). A module never published goes with it."""
    module = db.session.get_one(Module, draft.module_id)
    record(AuthoringAction.DRAFT_DISCARD, module, {"revision": draft.revision}, actor=by)
    delete_draft(draft)
    if module.current_version_id is None and module.quiz is None:
        db.session.delete(module)
    db.session.flush()


def delete_draft(draft: ModuleDraft) -> None:
    """Remove a draft and its revisions (after publishing it)."""
    db.session.execute(sa.delete(DraftRevision).where(DraftRevision.draft_id == draft.id))
    db.session.delete(draft)
    db.session.flush()


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftFields:
    """The draft as the editor's fields; None for a part whose text cannot be read as
    fields (then its problems say why)."""

    module: ModuleFields | None
    quiz: QuizFields | None
    has_quiz: bool


def draft_fields(draft: ModuleDraft) -> DraftFields:
    slug = db.session.get_one(Module, draft.module_id).slug
    return DraftFields(
        module=read_module_fields(draft.module_text, slug),
        quiz=read_quiz_fields(draft.quiz_text, slug) if draft.quiz_text is not None else None,
        has_quiz=draft.quiz_text is not None,
    )


# --- saving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftChanges:
    """What changed in a draft between two revisions, as readable side-by-side rows."""

    module: Diff
    quiz: Diff

    @property
    def changed(self) -> bool:
        return self.module.changed or self.quiz.changed


class StaleDraft(Exception):
    """A save (or publish) based on revision `base_revision`, while the draft is at
    `draft.revision`: someone else saved meanwhile. Nothing was saved.

    `changes` is what they changed since `base_revision` (when that revision's text is
    known); `yours` holds the texts this save sent, for the page to keep in the form.
    """

    def __init__(
        self,
        draft: ModuleDraft,
        base_revision: int,
        changes: DraftChanges,
        yours: tuple[str | None, str | None],
    ):
        self.draft = draft
        self.base_revision = base_revision
        self.changes = changes
        self.yours = yours
        super().__init__(
            f"draft of module {draft.module_id} is at revision {draft.revision}, "
            f"not {base_revision}"
        )

    @property
    def updated_by(self) -> User:
        return self.draft.updated_by


def changes_since(
    draft: ModuleDraft, revision: int | None, yours: tuple[str | None, str | None] | None = None
) -> DraftChanges:
    """What changed in `draft` since its `revision`, as readable rows. When that revision is
    not known (None: the request was based on another draft, since published or thrown
    away), what differs between `yours` and the draft."""
    base = (
        db.session.scalar(
            sa.select(DraftRevision).where(
                DraftRevision.draft_id == draft.id, DraftRevision.revision == revision
            )
        )
        if revision is not None
        else None
    )
    module_before: str | None
    quiz_before: str | None
    if base is not None:
        module_before, quiz_before = base.module_text, base.quiz_text
    elif yours is not None:
        module_before, quiz_before = yours
    else:
        module_before, quiz_before = draft.module_text, draft.quiz_text
    return DraftChanges(
        module=compare_texts(ContentPart.MODULE, module_before, draft.module_text),
        quiz=compare_texts(ContentPart.QUIZ, quiz_before, draft.quiz_text),
    )


def stale_draft(
    draft: ModuleDraft,
    revision: int,
    yours: tuple[str | None, str | None],
    *,
    same_draft: bool = True,
) -> StaleDraft:
    """The StaleDraft for a request based on `revision` (of this draft, unless not
    `same_draft`): the draft as it is now, and what changed since."""
    db.session.refresh(draft)
    changes = changes_since(draft, revision if same_draft else None, yours)
    return StaleDraft(draft, revision, changes, yours)


def _recently_recorded(draft: ModuleDraft, by: User) -> bool:
    since = utcnow() - AUTOSAVE_AUDIT_INTERVAL
    return (
        db.session.scalar(
            sa.select(AuditEvent.id)
            .where(
                AuditEvent.action == AuthoringAction.DRAFT_SAVE,
                AuditEvent.target_type == "module",
                AuditEvent.target_id == draft.module_id,
                AuditEvent.actor_id == by.id,
                AuditEvent.created_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def save_draft(
    draft: ModuleDraft,
    by: User,
    revision: int,
    *,
    module_text: str | None = None,
    quiz_text: str | None = None,
    autosave: bool = False,
) -> ModuleDraft:
    """Save new text for the module (and/or its quiz; None keeps a part as it is).

    `revision` is the revision the editor was showing. A save based on an older one raises
    StaleDraft and saves nothing, unless it sends exactly what the draft holds now (a double
    click). A save that changes nothing changes nothing, not even the revision. Each save
    adds a revision and is audited; autosaves at most once per AUTOSAVE_AUDIT_INTERVAL.
    """
    new_module = draft.module_text if module_text is None else module_text
    new_quiz = draft.quiz_text if quiz_text is None else quiz_text
    if revision != draft.revision:
        if (new_module, new_quiz) == (draft.module_text, draft.quiz_text):
            return draft
        raise stale_draft(draft, revision, (new_module, new_quiz))
    if (new_module, new_quiz) == (draft.module_text, draft.quiz_text):
        return draft
    now = utcnow()
    # Conditional on the revision: of two saves at the same moment, only one moves it on.
    result = cast(
        CursorResult[Any],
        db.session.execute(
            sa.update(ModuleDraft)
            .where(ModuleDraft.id == draft.id, ModuleDraft.revision == revision)
            .values(
                module_text=new_module,
                quiz_text=new_quiz,
                revision=revision + 1,
                updated_by_id=by.id,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if result.rowcount != 1:
        raise stale_draft(draft, revision, (new_module, new_quiz))
    db.session.refresh(draft)
    _add_revision(draft, by, autosave)
    if not autosave or not _recently_recorded(draft, by):
        module = db.session.get_one(Module, draft.module_id)
        record(
            AuthoringAction.DRAFT_SAVE,
            module,
            {"revision": draft.revision, "autosave": autosave},
            actor=by,
        )
    db.session.flush()
    return draft


def save(
    module: Module,
    by: User,
    revision: int,
    *,
    draft_id: int | None = None,
    module_text: str | None = None,
    quiz_text: str | None = None,
    autosave: bool = False,
) -> ModuleDraft:
    """Save what the editor sent, starting the module's draft if there is none.

    `revision` 0 means the editor showed the published version (no draft yet); `draft_id`,
    when the editor showed a draft, is that draft's id. A draft that was started, published
    or thrown away since makes this a StaleDraft too, after starting a fresh draft that
    holds what learners now see, so that this person's text can be saved on top of it.
    """
    draft = draft_of(module)
    yours = (module_text, quiz_text)
    if draft is None:
        draft = start_draft(module, by)
        if revision != 0:
            raise stale_draft(draft, revision, _filled(draft, yours), same_draft=False)
        revision = draft.revision
    elif revision == 0 or (draft_id is not None and draft_id != draft.id):
        # Someone else started (or replaced) the draft after this editor was opened.
        if revision == 0 and draft.base_module_version_id == module.current_version_id:
            revision = 1  # the draft's first revision is what this editor showed
        else:
            raise stale_draft(draft, revision, _filled(draft, yours), same_draft=False)
    return save_draft(
        draft,
        by,
        revision,
        module_text=module_text,
        quiz_text=quiz_text,
        autosave=autosave,
    )


def _filled(
    draft: ModuleDraft, yours: tuple[str | None, str | None]
) -> tuple[str | None, str | None]:
    """A save's texts with the part it did not send taken from the draft."""
    module_text, quiz_text = yours
    return (
        draft.module_text if module_text is None else module_text,
        draft.quiz_text if quiz_text is None else quiz_text,
    )


def save_draft_fields(
    draft: ModuleDraft,
    by: User,
    revision: int,
    *,
    module: ModuleFields | None = None,
    quiz: QuizFields | None = None,
    autosave: bool = False,
) -> ModuleDraft:
    """save_draft with the editor's fields, written as file text (file_text.py)."""
    return save_draft(
        draft,
        by,
        revision,
        module_text=module_text(module) if module is not None else None,
        quiz_text=quiz_text(quiz) if quiz is not None else None,
        autosave=autosave,
    )


def add_quiz(draft: ModuleDraft, by: User, revision: int) -> ModuleDraft:
    """Give a module without a quiz an empty one in its draft."""
    if draft.quiz_text is not None:
        return draft
    slug = db.session.get_one(Module, draft.module_id).slug
    return save_draft(draft, by, revision, quiz_text=new_quiz_text(slug))


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftProblem:
    """One problem of a draft, in `content check`'s words, and where the editor shows it:
    `field` is a form field name (fields.py), or "body" with `body_line` the line of the
    Markdown textarea; None when no field fits."""

    part: ContentPart
    path: str
    line: int
    message: str
    field: str | None
    body_line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_json(self) -> dict[str, str | int | None]:
        return {
            "part": str(self.part),
            "field": self.field,
            "line": self.line,
            "body_line": self.body_line,
            "message": self.message,
            "text": str(self),
        }


@dataclass(frozen=True)
class DraftCheck:
    """A draft checked as `content load` would check it."""

    module: ModuleDoc | None
    quiz: QuizDoc | None
    problems: tuple[DraftProblem, ...]
    # Blind-strategy warnings of `content check` (a learner who reads nothing passes…).
    warnings: tuple[str, ...] = ()
    has_quiz: bool = field(default=True)

    @property
    def publishable(self) -> bool:
        return not self.problems and self.module is not None

    def for_field(self, name: str) -> list[DraftProblem]:
        return [p for p in self.problems if p.field == name]


_MODULE_KEYS = {
    "slug",
    "title",
    "audiences",
    "order",
    "minutes",
    "summary",
    "objectives",
    "sources",
    "text",
    "source",
}
_QUIZ_KEYS = {
    "module",
    "pass_mark",
    "max_attempts",
    "shuffle",
    "questions",
    "id",
    "type",
    "prompt",
    "scenario",
    "options",
    "pairs",
    "distractors",
    "explanation",
    "source",
    "text",
    "correct",
    "feedback",
    "answer",
}
_QUOTED = re.compile(r"'([a-z_]+)'")


def _field_name(path: tuple[str | int, ...] | None, message: str, keys: set[str]) -> str | None:
    """The form field a problem belongs to: the YAML path on its line, or the field the
    message names ("missing field 'prompt'", "an option has no 'feedback'")."""
    named = [word for word in _QUOTED.findall(message) if word in keys]
    if path is None:
        return named[-1] if named else None
    if named:
        # Back to the item the line belongs to (a question, an option, a pair…), then the
        # field the message names in it.
        base = path
        while base and not isinstance(base[-1], int):
            base = base[:-1]
        if base or not isinstance(path[0], int):
            path = (*base, named[-1]) if base else (named[-1],)
    if path and path[0] == "audiences":
        return "audiences"
    return "-".join(str(part) for part in path)


def _front_index(text: str) -> tuple[LineIndex | None, int | None, int | None]:
    """The front matter's line index, the closing fence's line and the body's first line."""
    parts = split_module_text(text)
    if parts is None:
        return None, None, None
    _data, index, problems = load_yaml(parts.front, "", line_offset=1)
    return (None if problems else index), parts.fence_line, parts.body_start


def _module_problems(problems: list[Problem], text: str) -> list[DraftProblem]:
    if not problems:
        return []
    index, fence_line, body_start = _front_index(text)
    mapped = []
    for problem in problems:
        if fence_line is not None and body_start is not None and problem.line > fence_line:
            line = max(1, problem.line - body_start + 1)
            mapped.append(
                DraftProblem(
                    ContentPart.MODULE, problem.path, problem.line, problem.message, "body", line
                )
            )
            continue
        path = index.path_at(problem.line) if index else None
        mapped.append(
            DraftProblem(
                ContentPart.MODULE,
                problem.path,
                problem.line,
                problem.message,
                _field_name(path, problem.message, _MODULE_KEYS),
            )
        )
    return mapped


def _quiz_problems(problems: list[Problem], text: str) -> list[DraftProblem]:
    if not problems:
        return []
    _data, index, yaml_problems = load_yaml(text, "")
    return [
        DraftProblem(
            ContentPart.QUIZ,
            problem.path,
            problem.line,
            problem.message,
            _field_name(
                None if yaml_problems else index.path_at(problem.line),
                problem.message,
                _QUIZ_KEYS,
            ),
        )
        for problem in problems
    ]


def check_texts(module: Module, module_source: str, quiz_source: str | None) -> DraftCheck:
    """Check a module's text and its quiz's as `content load` would, for this module."""
    fields = read_module_fields(module_source, module.slug)
    path = module_file(module.slug, fields.order if fields else None)
    module_doc, found = parse_module(path, module_source)
    if module_doc is not None:
        index = _front_index(module_source)[0]
        if module_doc.slug != module.slug:
            found.append(
                Problem(
                    path,
                    index.of("slug") if index else 2,
                    Msg("slug: this module is '%(slug)s'; a slug cannot change", slug=module.slug),
                )
            )
        found += length_problems(module_doc, title_line=index.of("title") if index else 2)
        if found:
            module_doc = None
    problems = _module_problems(found, module_source)

    quiz_doc = None
    warnings: tuple[str, ...] = ()
    if quiz_source is not None:
        quiz_path = quiz_file(module.slug)
        quiz_doc, quiz_found = parse_quiz(quiz_path, quiz_source)
        if quiz_doc is not None and quiz_doc.module_slug != module.slug:
            quiz_found.append(
                Problem(
                    quiz_path,
                    quiz_doc.module_line,
                    Msg("module: this quiz belongs to module '%(slug)s'", slug=module.slug),
                )
            )
            quiz_doc = None
        if quiz_doc is not None:
            quiz_found += length_problems(quiz=quiz_doc)
        problems += _quiz_problems(quiz_found, quiz_source)
        if quiz_doc is not None:
            warnings = tuple(analyse_quiz(quiz_doc).warnings())
    elif module.quiz is not None and module.quiz.current_version is not None:
        problems.append(
            DraftProblem(
                ContentPart.QUIZ,
                quiz_file(module.slug),
                1,
                Msg("the published quiz cannot be removed from its module"),
                None,
            )
        )
    if problems:
        module_doc = None if any(p.part == ContentPart.MODULE for p in problems) else module_doc
        quiz_doc = None if any(p.part == ContentPart.QUIZ for p in problems) else quiz_doc
    return DraftCheck(
        module=module_doc,
        quiz=quiz_doc,
        problems=tuple(sorted(problems, key=lambda p: (p.part != ContentPart.MODULE, p.line))),
        warnings=warnings,
        has_quiz=quiz_source is not None,
    )


def check_draft(draft: ModuleDraft) -> DraftCheck:
    """The draft's problems (and blind-strategy warnings), each mapped to its field."""
    module = db.session.get_one(Module, draft.module_id)
    return check_texts(module, draft.module_text, draft.quiz_text)
