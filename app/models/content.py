"""Modules and quizzes as numbered, immutable versions of the files in modules/ and quizzes/."""

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import Model
from app.models.timestamps import utcnow
from app.vocabulary import EVERYONE, Origin, one_of

if TYPE_CHECKING:
    from app.models.drafts import ModuleDraft
    from app.models.people import User


class ModuleObjective(TypedDict):
    """One of ModuleVersion.objectives, as stored in JSON."""

    text: str
    source: str


class QuestionOption(TypedDict):
    """One of Question.options, as stored in JSON."""

    text: str
    correct: bool
    feedback: str


class MatchPairRow(TypedDict):
    """One of Question.pairs (matching questions), as stored in JSON: `answer` is the index
    of the pair's answer among the question's options (the choices, in display order)."""

    prompt: str
    answer: int
    feedback: str


def _origin_column() -> so.MappedColumn[str]:
    # Rows from before browser publishing were all loaded from files.
    return so.mapped_column(sa.String(10), default=Origin.FILE, server_default=Origin.FILE)


class Module(Model):
    __tablename__ = "modules"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    # The version learners read now; older versions stay for the completions that point at them.
    current_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("module_versions.id", use_alter=True)
    )

    current_version: so.Mapped["ModuleVersion | None"] = so.relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    quiz: so.Mapped["Quiz | None"] = so.relationship(back_populates="module")
    # The one open draft, shared by every trainer (app/models/drafts.py).
    draft: so.Mapped["ModuleDraft | None"] = so.relationship(back_populates="module")

    @property
    def version(self) -> "ModuleVersion":
        """The current version, never None once stored: the import that adds a module gives
        it its first version in the same transaction."""
        assert self.current_version is not None, f"module {self.slug} has no version"
        return self.current_version


class ModuleVersion(Model):
    __tablename__ = "module_versions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"))
    number: so.Mapped[int]
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    summary: so.Mapped[str] = so.mapped_column(sa.Text)
    position: so.Mapped[int]
    minutes: so.Mapped[int]
    audiences: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    objectives: so.Mapped[list[ModuleObjective]] = so.mapped_column(sa.JSON)
    sources: so.Mapped[list[str]] = so.mapped_column(sa.JSON)
    source_text: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    # Set at publish when the change is one learners must take again (see recertification.py).
    requires_recertification: so.Mapped[bool] = so.mapped_column(default=False)
    # What changed, in the trainer's words: shown to learners whose completion it expired.
    change_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    origin: so.Mapped[str] = _origin_column()
    # Who published it in the browser; None for a file loaded from the command line.
    published_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    module: so.Mapped[Module] = so.relationship(foreign_keys=[module_id])
    published_by: so.Mapped["User | None"] = so.relationship()
    sections: so.Mapped[list["Section"]] = so.relationship(
        back_populates="module_version", order_by="Section.position"
    )

    __table_args__ = (
        sa.UniqueConstraint("module_id", "number"),
        sa.CheckConstraint(one_of("origin", Origin), name="origin"),
    )

    def is_for(self, audience: str | None) -> bool:
        return EVERYONE in self.audiences or (audience is not None and audience in self.audiences)


class Section(Model):
    __tablename__ = "sections"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    module_version_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("module_versions.id"), index=True
    )
    position: so.Mapped[int]
    # The heading's anchor: reading progress follows it across versions.
    key: so.Mapped[str] = so.mapped_column(sa.String(120))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    html: so.Mapped[str] = so.mapped_column(sa.Text)  # sanitised, as rendered from the file
    # What learners read: `html` with its glossary terms linked. Made once, when the version is
    # stored and again when the glossary changes (services/authoring/learner_html.py), never
    # per request.
    learner_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    module_version: so.Mapped[ModuleVersion] = so.relationship(back_populates="sections")

    __table_args__ = (sa.UniqueConstraint("module_version_id", "key"),)


class Quiz(Model):
    __tablename__ = "quizzes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    module_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("modules.id"), unique=True)
    current_version_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("quiz_versions.id", use_alter=True)
    )

    module: so.Mapped[Module] = so.relationship(back_populates="quiz")
    current_version: so.Mapped["QuizVersion | None"] = so.relationship(
        foreign_keys=[current_version_id], post_update=True
    )

    @property
    def version(self) -> "QuizVersion":
        """The current version, never None once stored (as for Module.version)."""
        assert self.current_version is not None, f"quiz {self.id} has no version"
        return self.current_version


class QuizVersion(Model):
    __tablename__ = "quiz_versions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    quiz_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("quizzes.id"))
    number: so.Mapped[int]
    pass_mark: so.Mapped[int]
    max_attempts: so.Mapped[int | None]
    shuffle: so.Mapped[bool] = so.mapped_column(default=False)
    source_text: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    origin: so.Mapped[str] = _origin_column()
    published_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))

    quiz: so.Mapped[Quiz] = so.relationship(foreign_keys=[quiz_id])
    published_by: so.Mapped["User | None"] = so.relationship()
    questions: so.Mapped[list["Question"]] = so.relationship(
        back_populates="quiz_version", order_by="Question.position"
    )

    __table_args__ = (
        sa.UniqueConstraint("quiz_id", "number"),
        sa.CheckConstraint(one_of("origin", Origin), name="origin"),
    )


class Question(Model):
    __tablename__ = "questions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    quiz_version_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("quiz_versions.id"), index=True
    )
    # The file's stable id: statistics and answers follow it across versions.
    key: so.Mapped[str] = so.mapped_column(sa.String(80))
    position: so.Mapped[int]
    type: so.Mapped[str] = so.mapped_column(sa.String(20))
    prompt: so.Mapped[str] = so.mapped_column(sa.Text)
    scenario: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # In the file's order: the answer key, never sent early. For matching: the choices.
    options: so.Mapped[list[QuestionOption]] = so.mapped_column(sa.JSON)
    # Matching questions only: each prompt with the index of its answer among the options.
    pairs: so.Mapped[list[MatchPairRow] | None] = so.mapped_column(sa.JSON)
    explanation: so.Mapped[str] = so.mapped_column(sa.Text)
    source: so.Mapped[str] = so.mapped_column(sa.String(200))

    quiz_version: so.Mapped[QuizVersion] = so.relationship(back_populates="questions")

    __table_args__ = (sa.UniqueConstraint("quiz_version_id", "key"),)


class GlossaryTerm(Model):
    """The glossary as last loaded from modules/glossary.yaml (replaced whole on each load)."""

    __tablename__ = "glossary_terms"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(80), unique=True)
    position: so.Mapped[int]
    term: so.Mapped[str] = so.mapped_column(sa.String(120))
    reading: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    aliases: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    definition: so.Mapped[str] = so.mapped_column(sa.Text)
    source: so.Mapped[str] = so.mapped_column(sa.String(300))


class GlossarySource(Model):
    """The glossary file's text as last loaded, so that `content export` writes it back as
    it was (comments included). One row, replaced on each load."""

    __tablename__ = "glossary_sources"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    source_text: so.Mapped[str] = so.mapped_column(sa.Text)
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    loaded_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class ContentRevision(Model):
    """One row whose number grows with every change to what learners see (a new module or quiz
    version, a changed glossary), in the same transaction as the change. Each worker caches
    the published curriculum under this number and checks it once a request, so a version
    published on one host is what every worker shows from its next request on."""

    __tablename__ = "content_revision"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    number: so.Mapped[int] = so.mapped_column(default=0)
