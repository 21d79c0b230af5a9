"""A module's published versions, each as readable lines, and side-by-side comparisons.

A version is file text; a trainer should not have to read YAML to see what changed. Its
readable lines are the front matter as labelled lines, each objective, the body's lines,
and each question as lines of its own (the prompt, every option marked right or wrong with
its feedback, the explanation, the source). Two versions (or two drafts) are compared
line by line with difflib, as rows a template lays out side by side.
"""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.labels import AUDIENCE_NAMES, QUESTION_TYPE_NAMES
from app.models import Module, ModuleVersion, QuizVersion, User
from app.services.authoring.fields import (
    ModuleFields,
    QuestionFields,
    QuizFields,
    read_module_fields,
    read_quiz_fields,
)
from app.vocabulary import ContentPart, DiffKind

# Unchanged rows kept around each change when a long comparison is folded.
CONTEXT_ROWS = 2


# --- readable lines ------------------------------------------------------------------------


def module_lines(fields: ModuleFields) -> list[str]:
    """A module's front matter as labelled lines, then the body's non-blank lines."""
    audiences = "、".join(str(AUDIENCE_NAMES.get(code, code)) for code in fields.audiences)
    lines = [
        _("Title: %(value)s", value=fields.title),
        _("Audiences: %(value)s", value=audiences or "—"),
        _("Place in the curriculum: %(value)s", value=fields.order),
        _("Minutes: %(value)s", value=fields.minutes),
        _("Summary: %(value)s", value=fields.summary),
    ]
    lines += [
        _("Objective: %(text)s (source: %(source)s)", text=o.text, source=o.source)
        for o in fields.objectives
    ]
    lines += [_("Source: %(value)s", value=source) for source in fields.sources]
    lines += [line for line in fields.body.splitlines() if line.strip()]
    return lines


def _each_line(label: str, text: str) -> list[str]:
    """A text of several lines as one readable line each, the first one labelled."""
    parts = text.splitlines() or [""]
    return [f"  {label}: {parts[0]}", *(f"    {part}" for part in parts[1:])]


def question_lines(question: QuestionFields) -> list[str]:
    """One question: its prompt, each option or pair, its explanation and source."""
    kind = str(QUESTION_TYPE_NAMES.get(question.type, question.type))
    lines = [
        _(
            "Question %(key)s (%(kind)s): %(prompt)s",
            key=question.id,
            kind=kind,
            prompt=question.prompt,
        )
    ]
    if question.scenario:
        lines += _each_line(_("Case"), question.scenario)
    for option in question.options:
        mark = _("◯ Right") if option.correct else _("✕ Wrong")
        lines += _each_line(mark, option.text)
        lines += ["  " + line for line in _each_line(_("Feedback"), option.feedback)]
    for pair in question.pairs:
        lines += _each_line(_("Pair"), f"{pair.prompt} → {pair.answer}")
        lines += ["  " + line for line in _each_line(_("Feedback"), pair.feedback)]
    for extra in question.distractors:
        lines += _each_line(_("✕ Matches no item"), extra.text)
        lines += ["  " + line for line in _each_line(_("Feedback"), extra.feedback)]
    lines += _each_line(_("Explanation"), question.explanation)
    lines += _each_line(_("Source"), question.source)
    return lines


def quiz_lines(fields: QuizFields) -> list[str]:
    """A quiz's settings as labelled lines, then each question's lines."""
    lines = [
        _("Pass mark: %(value)s%%", value=fields.pass_mark),
        _("Attempts: %(value)s", value=fields.max_attempts or _("no limit")),
        _("Question order: %(value)s", value=_("shuffled") if fields.shuffle else _("fixed")),
    ]
    for question in fields.questions:
        lines += question_lines(question)
    return lines


def readable_lines(part: ContentPart, text: str | None) -> list[str]:
    """The readable lines of a module's or a quiz's file text; its raw lines when it cannot
    be read as fields (a draft in the middle of being written)."""
    if text is None:
        return []
    if part == ContentPart.MODULE:
        module = read_module_fields(text)
        if module is not None:
            return module_lines(module)
    else:
        quiz = read_quiz_fields(text)
        if quiz is not None:
            return quiz_lines(quiz)
    return text.splitlines()


def version_lines(version: ModuleVersion | QuizVersion) -> list[str]:
    part = ContentPart.MODULE if isinstance(version, ModuleVersion) else ContentPart.QUIZ
    return readable_lines(part, version.source_text)


# --- comparing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of a changed line: `changed` marks the characters that differ."""

    text: str
    changed: bool


@dataclass(frozen=True)
class DiffRow:
    kind: DiffKind
    left: str | None = None
    right: str | None = None
    left_number: int | None = None  # 1-based, in the readable lines
    right_number: int | None = None
    left_segments: tuple[Segment, ...] = ()
    right_segments: tuple[Segment, ...] = ()
    skipped: int = 0  # DiffKind.FOLDED: how many unchanged rows are left out


@dataclass(frozen=True)
class Diff:
    """Two lists of readable lines side by side; `rows` holds every row."""

    rows: tuple[DiffRow, ...]

    @property
    def changed(self) -> bool:
        return any(row.kind != DiffKind.SAME for row in self.rows)

    @property
    def counts(self) -> dict[DiffKind, int]:
        counts = dict.fromkeys((DiffKind.CHANGED, DiffKind.ADDED, DiffKind.REMOVED), 0)
        for row in self.rows:
            if row.kind in counts:
                counts[row.kind] += 1
        return counts

    def folded(self, context: int = CONTEXT_ROWS) -> list[DiffRow]:
        """The rows with long unchanged stretches replaced by one FOLDED row each."""
        keep = [False] * len(self.rows)
        for index, row in enumerate(self.rows):
            if row.kind != DiffKind.SAME:
                for near in range(max(0, index - context), min(len(keep), index + context + 1)):
                    keep[near] = True
        shown: list[DiffRow] = []
        skipped = 0
        for row, kept in zip(self.rows, keep, strict=True):
            if kept:
                if skipped:
                    shown.append(DiffRow(DiffKind.FOLDED, skipped=skipped))
                    skipped = 0
                shown.append(row)
            else:
                skipped += 1
        if skipped:
            shown.append(DiffRow(DiffKind.FOLDED, skipped=skipped))
        return shown


def _segments(left: str, right: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    old: list[Segment] = []
    new: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old.append(Segment(left[i1:i2], tag != "equal"))
        if j2 > j1:
            new.append(Segment(right[j1:j2], tag != "equal"))
    return tuple(old), tuple(new)


def compare_lines(left: Sequence[str], right: Sequence[str]) -> Diff:
    """`left` (older) and `right` (newer) side by side, as difflib matches them."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, list(left), list(right), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                DiffRow(DiffKind.SAME, left[i], right[j], i + 1, j + 1, (), ())
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for n in range(max(len(olds), len(news))):
            i = olds[n] if n < len(olds) else None
            j = news[n] if n < len(news) else None
            if i is not None and j is not None:
                old, new = _segments(left[i], right[j])
                rows.append(DiffRow(DiffKind.CHANGED, left[i], right[j], i + 1, j + 1, old, new))
            elif i is not None:
                rows.append(DiffRow(DiffKind.REMOVED, left=left[i], left_number=i + 1))
            elif j is not None:
                rows.append(DiffRow(DiffKind.ADDED, right=right[j], right_number=j + 1))
    return Diff(tuple(rows))


def compare_texts(part: ContentPart, left: str | None, right: str | None) -> Diff:
    """Two file texts of a module or a quiz, compared as readable lines."""
    return compare_lines(readable_lines(part, left), readable_lines(part, right))


# --- versions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionSummary:
    part: ContentPart
    number: int
    created_at: datetime
    origin: str
    published_by: User | None
    current: bool
    requires_recertification: bool = False
    change_note: str | None = None


@dataclass(frozen=True)
class ModuleHistory:
    """Who published what and when, newest first; module and quiz are numbered apart."""

    module: Module
    module_versions: list[VersionSummary]
    quiz_versions: list[VersionSummary]


def module_history(module: Module) -> ModuleHistory:
    """Every published version of the module and of its quiz, newest first (two queries)."""
    modules = db.session.scalars(
        sa.select(ModuleVersion)
        .where(ModuleVersion.module_id == module.id)
        .order_by(ModuleVersion.number.desc())
    ).all()
    quizzes = (
        db.session.scalars(
            sa.select(QuizVersion)
            .where(QuizVersion.quiz_id == module.quiz.id)
            .order_by(QuizVersion.number.desc())
        ).all()
        if module.quiz
        else []
    )
    return ModuleHistory(
        module=module,
        module_versions=[
            VersionSummary(
                ContentPart.MODULE,
                v.number,
                v.created_at,
                v.origin,
                v.published_by,
                v.id == module.current_version_id,
                v.requires_recertification,
                v.change_note,
            )
            for v in modules
        ],
        quiz_versions=[
            VersionSummary(
                ContentPart.QUIZ,
                v.number,
                v.created_at,
                v.origin,
                v.published_by,
                module.quiz is not None and v.id == module.quiz.current_version_id,
            )
            for v in quizzes
        ],
    )


def version_of(
    module: Module, part: ContentPart, number: int
) -> ModuleVersion | QuizVersion | None:
    """Version `number` of the module or of its quiz; None when there is none."""
    if part == ContentPart.MODULE:
        return db.session.scalar(
            sa.select(ModuleVersion).where(
                ModuleVersion.module_id == module.id, ModuleVersion.number == number
            )
        )
    if module.quiz is None:
        return None
    return db.session.scalar(
        sa.select(QuizVersion).where(
            QuizVersion.quiz_id == module.quiz.id, QuizVersion.number == number
        )
    )


@dataclass(frozen=True)
class VersionDiff:
    part: ContentPart
    left: ModuleVersion | QuizVersion
    right: ModuleVersion | QuizVersion
    diff: Diff


def compare_versions(
    module: Module, part: ContentPart, left: int, right: int
) -> VersionDiff | None:
    """Versions `left` and `right` of the module (or its quiz) side by side; None when
    either does not exist."""
    older, newer = version_of(module, part, left), version_of(module, part, right)
    if older is None or newer is None:
        return None
    return VersionDiff(
        part, older, newer, compare_texts(part, older.source_text, newer.source_text)
    )
