"""Validated content as plain, immutable Python objects (no database, no request)."""

from collections.abc import Sequence
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
class MatchPair:
    """One prompt of a matching question, its answer, and why they belong together."""

    prompt: str
    answer: str
    feedback: str


@dataclass(frozen=True)
class QuestionDoc:
    """A question as validated. For `matching`, `options` holds the choices (see below)."""

    key: str
    type: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    source: str
    scenario: str | None = None
    # Where the question was read from: two documents with the same content are equal
    # wherever they came from (a YAML file, a GIFT file, the database).
    line: int = field(default=0, compare=False)
    pairs: tuple[MatchPair, ...] = ()
    distractors: tuple[Option, ...] = ()

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)

    @property
    def answer_indexes(self) -> tuple[int, ...]:
        """For each pair in file order, the index of its answer among `options`."""
        position = {option.text: i for i, option in enumerate(self.options)}
        return tuple(position[pair.answer] for pair in self.pairs)


def matching_options(
    pairs: Sequence[MatchPair], distractors: Sequence[Option] = ()
) -> tuple[Option, ...]:
    """The choices of a matching question, in the one order every learner sees.

    Sorted by text rather than following the pairs, so that "the i-th choice for the i-th
    prompt" is no cue, and a group trained together still sees a single order.
    """
    choices = [Option(pair.answer, True, pair.feedback) for pair in pairs]
    choices += [Option(d.text, False, d.feedback) for d in distractors]
    return tuple(sorted(choices, key=lambda option: option.text))


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
    # The glossary file's text as read, for `content export` to write back; None without one.
    glossary_text: str | None = None

    def quiz_for(self, slug: str) -> QuizDoc | None:
        return next((quiz for quiz in self.quizzes if quiz.module_slug == slug), None)
