"""GIFT files and a module's quiz: export it, import questions into it (command line), or
into its draft (the browser's import page).

The conversion itself is pure (app/content/gift_import.py, gift_writer.py). Here the
imported questions get ids the quiz does not already use, are added after its questions,
and the result is checked by the quiz parser before anything is stored.
"""

from dataclasses import dataclass, field, replace

from app.content.documents import QuestionDoc, QuizDoc
from app.content.gift_import import GiftImport, import_gift
from app.content.gift_writer import GiftExport, export_gift
from app.content.messages import Msg, located
from app.content.problems import Problem
from app.content.quiz_files import parse_quiz
from app.models import Module, ModuleDraft, QuizVersion, User
from app.models.audit import AuditDetails
from app.services.administration.audit import record
from app.services.authoring.drafts import new_quiz_text, quiz_file, save_draft
from app.services.authoring.fields import (
    QuizFields,
    question_fields,
    read_quiz_fields,
)
from app.services.authoring.file_text import quiz_text
from app.services.authoring.library_import import (
    FROM_FILES,
    length_problems,
    store_quiz_version,
)
from app.vocabulary import AuthoringAction


class NoQuiz(LookupError):
    """The module has no published quiz (to export)."""


def current_quiz_doc(module: Module) -> QuizDoc | None:
    """The module's current quiz version as the content layer reads it."""
    version = module.quiz.current_version if module.quiz else None
    if version is None:
        return None
    doc, _problems = parse_quiz(quiz_file(module.slug), version.source_text)
    return doc


def export_quiz(module: Module, by: User | None = None) -> GiftExport:
    """The module's current quiz as GIFT (and notes on what only comments keep); recorded."""
    doc = current_quiz_doc(module)
    if doc is None:
        raise NoQuiz(module.slug)
    exported = export_gift(doc)
    record(
        AuthoringAction.GIFT_EXPORT,
        module,
        {"questions": [q.key for q in doc.questions]},
        actor=by,
    )
    return exported


@dataclass(frozen=True)
class GiftPlan:
    """What importing a GIFT file into a quiz would do."""

    result: GiftImport  # the file's questions and everything found in it
    added: tuple[QuestionDoc, ...]  # the questions as they would be added (ids made unique)
    renamed: tuple[Problem, ...] = ()  # ids changed because the quiz already had them
    problems: tuple[Problem, ...] = ()  # the quiz with them added does not pass the checks
    quiz_text: str | None = None  # the quiz's file text with the questions added
    stored: QuizVersion | None = field(default=None, compare=False)

    @property
    def refused(self) -> bool:
        """Not importable from the command line: broken, unsupported parts not skipped,
        questions that lack what Yorisoi needs, or a quiz that would not pass its checks."""
        return self.result.refused or bool(self.result.missing) or bool(self.problems)

    def messages(self) -> list[Msg]:
        """Every finding as `FILE:line: …`, the id changes among them, in file order."""
        renamed = [
            (p.line, located(p.path, p.line, Msg("changed: %(m)s", m=p.message)))
            for p in self.renamed
        ]
        found = [(_line(m), m) for m in self.result.messages()] + renamed
        lines = [text for _line_number, text in sorted(found, key=lambda item: item[0])]
        return lines + [located(p.path, p.line, p.message) for p in self.problems]


def _line(message: str) -> int:
    try:
        return int(message.split(":", 2)[1])
    except (IndexError, ValueError):
        return 0


def _unique(
    questions: tuple[QuestionDoc, ...], taken: set[str], path: str
) -> tuple[tuple[QuestionDoc, ...], tuple[Problem, ...]]:
    used = set(taken)
    kept: list[QuestionDoc] = []
    renamed: list[Problem] = []
    for question in questions:
        key, number = question.key, 2
        while key in used:
            key, number = f"{question.key}-{number}", number + 1
        used.add(key)
        if key != question.key:
            renamed.append(
                Problem(
                    path,
                    question.line,
                    Msg(
                        "id '%(id)s': the quiz already has a question '%(other)s'",
                        id=key,
                        other=question.key,
                    ),
                )
            )
            question = replace(question, key=key)
        kept.append(question)
    return tuple(kept), tuple(renamed)


def _base_fields(module: Module, text: str | None) -> QuizFields:
    fields = read_quiz_fields(text, module.slug) if text is not None else None
    return (
        fields
        or read_quiz_fields(new_quiz_text(module.slug), module.slug)
        or QuizFields(module=module.slug)
    )


def plan_import(
    module: Module,
    path: str,
    text: str,
    *,
    skip_unsupported: bool = False,
    into: str | None = None,
) -> GiftPlan:
    """Read GIFT `text` (named `path` in messages) and add its questions to the quiz text
    `into` (default: the current published quiz, or a new quiz). Saves nothing."""
    result = import_gift(path, text, skip_unsupported=skip_unsupported)
    if into is None:
        version = module.quiz.current_version if module.quiz else None
        into = version.source_text if version else None
    base = _base_fields(module, into)
    added, renamed = _unique(result.questions, {q.id for q in base.questions}, path)
    if not added:
        return GiftPlan(result, added, renamed)
    combined = quiz_text(
        replace(base, questions=(*base.questions, *(question_fields(q) for q in added)))
    )
    # What the quiz parser would add to questions the import already lists as lacking
    # something is the same news twice: it is asked only of complete questions.
    problems: list[Problem] = []
    if not result.missing:
        doc, problems = parse_quiz(quiz_file(module.slug), combined)
        if doc is not None:
            problems = length_problems(quiz=doc)
    return GiftPlan(result, added, renamed, tuple(problems), combined)


class GiftRefused(Exception):
    def __init__(self, plan: GiftPlan):
        self.plan = plan
        super().__init__("\n".join(plan.messages()))


def import_into_quiz(
    module: Module,
    path: str,
    text: str,
    *,
    skip_unsupported: bool = False,
    by: User | None = None,
) -> GiftPlan:
    """`gift import`: add the file's questions to the module's quiz and publish that as its
    next version, as `content load` does (origin 'file'). Raises GiftRefused, storing
    nothing, when the plan is refused (see GiftPlan.refused)."""
    plan = plan_import(module, path, text, skip_unsupported=skip_unsupported)
    if plan.refused or plan.quiz_text is None:
        raise GiftRefused(plan)
    doc, problems = parse_quiz(quiz_file(module.slug), plan.quiz_text)
    if doc is None:  # checked in the plan; kept as a guard
        raise GiftRefused(replace(plan, problems=tuple(problems)))
    stored = store_quiz_version(module, doc, FROM_FILES)
    details: AuditDetails = {"files": [path], "questions": [q.key for q in plan.added]}
    if stored is not None:
        details["quiz_version"] = stored.number
    record(AuthoringAction.GIFT_IMPORT, module, details, actor=by)
    return replace(plan, stored=stored)


def add_to_draft(
    draft: ModuleDraft,
    module: Module,
    by: User,
    revision: int,
    path: str,
    text: str,
    *,
    skip_unsupported: bool = False,
) -> GiftPlan:
    """The browser's "add to the quiz's draft": the file's questions after the draft quiz's
    questions. Questions that lack a source, an explanation or feedback are added all the
    same (a draft may be incomplete): the draft's problems name what each still needs.
    Raises GiftRefused when the file is broken or has unsupported questions not skipped,
    and StaleDraft (drafts.py) when the draft moved on since `revision`."""
    plan = plan_import(module, path, text, skip_unsupported=skip_unsupported, into=draft.quiz_text)
    if plan.result.refused or plan.quiz_text is None:
        raise GiftRefused(plan)
    save_draft(draft, by, revision, quiz_text=plan.quiz_text)
    record(
        AuthoringAction.GIFT_IMPORT,
        module,
        {"files": [path], "questions": [q.key for q in plan.added], "revision": draft.revision},
        actor=by,
    )
    return plan
