"""Store validated modules and quizzes as numbered, immutable versions; an unchanged text adds
nothing. `content load` and browser publishing go through the same two functions, each
version saying where it was made (`Provenance`).

A load never silently replaces a version published in the browser: when a file differs from
a current version made in the browser, `import_library` refuses, naming it, unless forced.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.content.documents import Library, ModuleDoc, QuizDoc
from app.content.messages import Msg
from app.content.module_files import content_hash
from app.content.problems import Problem
from app.extensions import db
from app.models import (
    GlossarySource,
    GlossaryTerm,
    Module,
    ModuleVersion,
    Question,
    Quiz,
    QuizVersion,
    Section,
    User,
)
from app.models.content import MatchPairRow, ModuleObjective, QuestionOption
from app.services.authoring.learner_html import relink_current_versions, render_for_learners
from app.services.learning.published import note_content_changed
from app.vocabulary import ContentPart, Origin


@dataclass(frozen=True)
class Provenance:
    """Where a new version comes from, stored on it."""

    origin: Origin = Origin.FILE
    published_by: User | None = None
    requires_recertification: bool = False  # module versions only
    change_note: str | None = None  # module versions only


FROM_FILES = Provenance()


@dataclass
class ImportReport:
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BrowserVersion:
    """A current version made in the browser that a file would replace."""

    slug: str
    part: ContentPart
    path: str  # the file that differs from it
    number: int
    published_by: str  # a username, or "" if unknown
    published_at: datetime

    def __str__(self) -> str:
        who = f" by {self.published_by}" if self.published_by else ""
        return (
            f"{self.path}:1: module '{self.slug}': the current {self.part} version "
            f"{self.number} was published in the browser{who} on "
            f"{self.published_at:%Y-%m-%d %H:%M} UTC and differs from this file"
        )


class BrowserVersionsInTheWay(Exception):
    """Raised before anything is stored: the files would replace browser versions."""

    def __init__(self, versions: list[BrowserVersion]):
        self.versions = versions
        super().__init__("\n".join(str(v) for v in versions))


def browser_versions_in_the_way(library: Library) -> list[BrowserVersion]:
    """The current versions made in the browser that `library`'s files differ from."""
    modules = {m.slug: m for m in db.session.scalars(sa.select(Module))}
    found: list[BrowserVersion] = []
    for doc in library.modules:
        module = modules.get(doc.slug)
        current = module.current_version if module else None
        if current is not None and _replaces(current, doc.content_hash):
            found.append(_in_the_way(doc.slug, ContentPart.MODULE, doc.path, current))
    for quiz_doc in library.quizzes:
        module = modules.get(quiz_doc.module_slug)
        quiz_version = module.quiz.current_version if module and module.quiz else None
        if quiz_version is not None and _replaces(quiz_version, quiz_doc.content_hash):
            found.append(
                _in_the_way(quiz_doc.module_slug, ContentPart.QUIZ, quiz_doc.path, quiz_version)
            )
    return found


def _replaces(current: ModuleVersion | QuizVersion, new_hash: str) -> bool:
    return current.origin == Origin.BROWSER and current.content_hash != new_hash


def _in_the_way(
    slug: str, part: ContentPart, path: str, version: ModuleVersion | QuizVersion
) -> BrowserVersion:
    who = version.published_by.username if version.published_by else ""
    return BrowserVersion(slug, part, path, version.number, who, version.created_at)


def _length(column: so.InstrumentedAttribute[str]) -> int:
    length = getattr(column.type, "length", None)
    assert isinstance(length, int), column
    return length


def length_problems(
    module: ModuleDoc | None = None, quiz: QuizDoc | None = None, title_line: int = 2
) -> list[Problem]:
    """Texts longer than the columns that store them (the parser sets no such limits): a
    problem each, rather than a database error at publish."""
    problems = []
    if module is not None:
        if len(module.title) > _length(ModuleVersion.title):
            problems.append(
                Problem(
                    module.path,
                    title_line,
                    Msg("'title' is longer than %(n)s characters", n=_length(ModuleVersion.title)),
                )
            )
        for section in module.sections:
            if len(section.title) > _length(Section.title) or len(section.key) > _length(
                Section.key
            ):
                problems.append(
                    Problem(
                        module.path,
                        section.line,
                        Msg(
                            "section heading longer than %(n)s characters "
                            "(or its anchor longer than %(key)s): shorten it",
                            n=_length(Section.title),
                            key=_length(Section.key),
                        ),
                    )
                )
    if quiz is not None:
        for question in quiz.questions:
            for name, column in (("id", Question.key), ("source", Question.source)):
                value = question.key if name == "id" else question.source
                if len(value) > _length(column):
                    problems.append(
                        Problem(
                            quiz.path,
                            question.line,
                            Msg(
                                "a question's '%(name)s' is longer than %(n)s characters",
                                name=name,
                                n=_length(column),
                            ),
                        )
                    )
    return problems


def import_library(library: Library, *, force: bool = False) -> ImportReport:
    """Add a version for every module or quiz whose file changed. Does not commit.

    Raises BrowserVersionsInTheWay, storing nothing, when a file differs from a current
    version published in the browser, unless `force`.
    """
    if not force:
        in_the_way = browser_versions_in_the_way(library)
        if in_the_way:
            raise BrowserVersionsInTheWay(in_the_way)
    report = ImportReport()
    # The glossary first: the new versions' sections are linked to the glossary being loaded.
    glossary_changed = _replace_glossary(library)
    modules = {m.slug: m for m in db.session.scalars(sa.select(Module))}
    for doc in library.modules:
        module = modules.get(doc.slug)
        if module is None:
            module = modules[doc.slug] = Module(slug=doc.slug)
            db.session.add(module)
            db.session.flush()
        if store_module_version(module, doc):
            report.new_versions.append(doc.path)
        else:
            report.unchanged.append(doc.path)
    for quiz in library.quizzes:
        if store_quiz_version(modules[quiz.module_slug], quiz):
            report.new_versions.append(quiz.path)
        else:
            report.unchanged.append(quiz.path)
    if glossary_changed:
        relink_current_versions()
        note_content_changed()
    db.session.flush()
    return report


def _glossary_rows(terms: list[GlossaryTerm]) -> list[tuple]:
    return [
        (t.key, t.position, t.term, t.reading, list(t.aliases), t.definition, t.source)
        for t in terms
    ]


def _keep_glossary_text(library: Library) -> None:
    """The glossary file's text, kept beside the terms for `content export` to write back
    unchanged (comments included)."""
    kept = db.session.scalar(sa.select(GlossarySource))
    text = library.glossary_text
    if kept is not None and text is not None and kept.content_hash == content_hash(text):
        return
    db.session.execute(sa.delete(GlossarySource))
    if text is not None:
        db.session.add(GlossarySource(source_text=text, content_hash=content_hash(text)))


def _replace_glossary(library: Library) -> bool:
    """The glossary is reference text, not something learners complete: no versions needed.
    Returns whether its terms changed (then the current versions' links are made again)."""
    _keep_glossary_text(library)
    new = [
        GlossaryTerm(
            key=term.key,
            position=position,
            term=term.term,
            reading=term.reading,
            aliases=list(term.aliases),
            definition=term.definition,
            source=term.source,
        )
        for position, term in enumerate(library.glossary)
    ]
    old = db.session.scalars(sa.select(GlossaryTerm).order_by(GlossaryTerm.position)).all()
    if _glossary_rows(list(old)) == _glossary_rows(new):
        return False
    db.session.execute(sa.delete(GlossaryTerm))
    db.session.add_all(new)
    db.session.flush()
    return True


def store_module_version(
    module: Module, doc: ModuleDoc, provenance: Provenance = FROM_FILES
) -> ModuleVersion | None:
    """The module's next version from `doc`, made current; None when its text is unchanged."""
    current = module.current_version
    if current is not None and current.content_hash == doc.content_hash:
        return None
    number = _last_number(ModuleVersion, ModuleVersion.module_id, module.id) + 1
    version = ModuleVersion(
        module=module,
        number=number,
        title=doc.title,
        summary=doc.summary,
        position=doc.order,
        minutes=doc.minutes,
        audiences=list(doc.audiences),
        objectives=[ModuleObjective(text=o.text, source=o.source) for o in doc.objectives],
        sources=list(doc.sources),
        source_text=doc.source_text,
        content_hash=doc.content_hash,
        origin=provenance.origin,
        published_by_id=provenance.published_by.id if provenance.published_by else None,
        requires_recertification=provenance.requires_recertification,
        change_note=provenance.change_note or None,
    )
    version.sections = [
        Section(position=i, key=s.key, title=s.title, html=s.html)
        for i, s in enumerate(doc.sections)
    ]
    render_for_learners(version.sections)
    db.session.add(version)
    db.session.flush()
    module.current_version = version
    note_content_changed()  # every worker's copy of the curriculum is out of date
    return version


def store_quiz_version(
    module: Module, doc: QuizDoc, provenance: Provenance = FROM_FILES
) -> QuizVersion | None:
    """The quiz's next version from `doc`, made current; None when its text is unchanged."""
    quiz = module.quiz
    if quiz is None:
        quiz = Quiz(module=module)
        db.session.add(quiz)
        db.session.flush()
    current = quiz.current_version
    if current is not None and current.content_hash == doc.content_hash:
        return None
    version = QuizVersion(
        quiz=quiz,
        number=_last_number(QuizVersion, QuizVersion.quiz_id, quiz.id) + 1,
        pass_mark=doc.pass_mark,
        max_attempts=doc.max_attempts,
        shuffle=doc.shuffle,
        source_text=doc.source_text,
        content_hash=doc.content_hash,
        origin=provenance.origin,
        published_by_id=provenance.published_by.id if provenance.published_by else None,
    )
    version.questions = [
        Question(
            key=q.key,
            position=i,
            type=q.type,
            prompt=q.prompt,
            scenario=q.scenario,
            options=[
                QuestionOption(text=o.text, correct=o.correct, feedback=o.feedback)
                for o in q.options
            ],
            pairs=[
                MatchPairRow(prompt=pair.prompt, answer=answer, feedback=pair.feedback)
                for pair, answer in zip(q.pairs, q.answer_indexes, strict=True)
            ]
            if q.pairs
            else None,
            explanation=q.explanation,
            source=q.source,
        )
        for i, q in enumerate(doc.questions)
    ]
    db.session.add(version)
    db.session.flush()
    quiz.current_version = version
    note_content_changed()
    return version


def _last_number(
    model: type[ModuleVersion] | type[QuizVersion],
    owner: so.InstrumentedAttribute[int],
    owner_id: int,
) -> int:
    """The highest number given so far: a revert makes the current version an older text,
    but the next number still follows the last one."""
    return db.session.scalar(sa.select(sa.func.max(model.number)).where(owner == owner_id)) or 0
