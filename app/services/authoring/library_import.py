"""Store a validated Library as numbered, immutable versions; an unchanged file adds nothing."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.content.documents import Library, ModuleDoc, QuizDoc
from app.extensions import db
from app.models import GlossaryTerm, Module, ModuleVersion, Question, Quiz, QuizVersion, Section
from app.models.content import ModuleObjective, QuestionOption
from app.services.authoring.learner_html import relink_current_versions, render_for_learners
from app.services.learning.published import note_content_changed


@dataclass
class ImportReport:
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def import_library(library: Library) -> ImportReport:
    """Add a version for every module or quiz whose file changed. Does not commit."""
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
        if _store_module_version(module, doc):
            report.new_versions.append(doc.path)
        else:
            report.unchanged.append(doc.path)
    for quiz in library.quizzes:
        if _store_quiz_version(modules[quiz.module_slug], quiz):
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


def _replace_glossary(library: Library) -> bool:
    """The glossary is reference text, not something learners complete: no versions needed.
    Returns whether it changed (then the current versions' links are made again)."""
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


def _store_module_version(module: Module, doc: ModuleDoc) -> bool:
    current = module.current_version
    if current is not None and current.content_hash == doc.content_hash:
        return False
    number = (current.number if current else 0) + 1
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
    return True


def _store_quiz_version(module: Module, doc: QuizDoc) -> bool:
    quiz = module.quiz
    if quiz is None:
        quiz = Quiz(module=module)
        db.session.add(quiz)
        db.session.flush()
    current = quiz.current_version
    if current is not None and current.content_hash == doc.content_hash:
        return False
    version = QuizVersion(
        quiz=quiz,
        number=(current.number if current else 0) + 1,
        pass_mark=doc.pass_mark,
        max_attempts=doc.max_attempts,
        shuffle=doc.shuffle,
        source_text=doc.source_text,
        content_hash=doc.content_hash,
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
            explanation=q.explanation,
            source=q.source,
        )
        for i, q in enumerate(doc.questions)
    ]
    db.session.add(version)
    db.session.flush()
    quiz.current_version = version
    note_content_changed()
    return True
