"""Validated content as plain, immutable Python objects (no database, no request)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    html: str
    line: int


@dataclass(frozen=True)
class Objective:
    text: str
    source: str


@dataclass(frozen=True)
class ModuleDoc:
    path: str
    slug: str
    title: str
    audiences: tuple[str, ...]
    order: int
    minutes: int
    summary: str
    objectives: tuple[Objective, ...]
    sources: tuple[str, ...]
    sections: tuple[Section, ...]
    source_text: str
    content_hash: str


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionDoc:
    key: str
    type: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: str
    scenario: str | None = None
    line: int = 0

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class QuizDoc:
    path: str
    module_slug: str
    pass_mark: int
    max_attempts: int | None
    shuffle: bool
    questions: tuple[QuestionDoc, ...]
    source_text: str
    content_hash: str
    module_line: int = 1


@dataclass(frozen=True)
class GlossaryTerm:
    key: str
    term: str
    reading: str
    definition: str
    source: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    modules: tuple[ModuleDoc, ...]
    quizzes: tuple[QuizDoc, ...]
    glossary: tuple[GlossaryTerm, ...] = field(default=())

    def quiz_for(self, slug: str) -> QuizDoc | None:
        return next((quiz for quiz in self.quizzes if quiz.module_slug == slug), None)
