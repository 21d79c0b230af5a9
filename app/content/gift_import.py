"""GIFT file → Yorisoi questions, and a result that says plainly what could not be kept.

Nothing here decides for the person importing. The result lists:
- `problems`: the file is broken; nothing is importable (as with a bad quiz file);
- `unsupported`: questions Yorisoi cannot hold (essay, numerical, partial credit…); they
  refuse the file unless the caller asks to skip them, when they are listed as `skipped`;
- `changes`: what the conversion did that a trainer should know (partial credit dropped,
  HTML reduced to text, ids made from titles…);
- `missing`: per question, what Yorisoi requires and GIFT did not give (source,
  explanation, feedback). Content is never invented: the caller shows it to a person.
"""

from dataclasses import dataclass

from app.content import gift_comments as keys
from app.content.documents import QuestionDoc
from app.content.gift_comments import CommentField, read_fields
from app.content.gift_conversion import QuestionConversion
from app.content.gift_parser import GiftCategory, GiftQuestion, parse_gift
from app.content.gift_question_ids import assign_ids
from app.content.messages import Msg, located
from app.content.problems import Problem
from app.content.quiz_files import QUESTION_ID


@dataclass(frozen=True, order=True)
class MissingContent:
    """What one imported question still lacks before Yorisoi can load it."""

    path: str
    line: int
    key: str
    fields: tuple[str, ...]

    @property
    def message(self) -> Msg:
        return Msg("question '%(id)s' has no %(fields)s", id=self.key, fields=_each(self.fields))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class GiftImport:
    path: str
    questions: tuple[QuestionDoc, ...]
    problems: tuple[Problem, ...] = ()
    unsupported: tuple[Problem, ...] = ()
    skipped: tuple[Problem, ...] = ()
    changes: tuple[Problem, ...] = ()
    missing: tuple[MissingContent, ...] = ()

    @property
    def refused(self) -> bool:
        """Broken, or holding questions Yorisoi cannot take that the caller did not skip."""
        return bool(self.problems or self.unsupported)

    @property
    def complete(self) -> bool:
        """Ready to load: nothing refused, nothing missing, at least one question."""
        return not self.refused and not self.missing and bool(self.questions)

    def messages(self) -> list[Msg]:
        """Every finding as a `FILE:line: …` line, in file order, labelled for a person."""
        labelled = [
            *((p.line, located(p.path, p.line, p.message)) for p in self.problems),
            *(
                (p.line, located(p.path, p.line, Msg("unsupported: %(m)s", m=p.message)))
                for p in self.unsupported
            ),
            *(
                (p.line, located(p.path, p.line, Msg("skipped: %(m)s", m=p.message)))
                for p in self.skipped
            ),
            *(
                (m.line, located(m.path, m.line, Msg("missing: %(m)s", m=m.message)))
                for m in self.missing
            ),
            *(
                (p.line, located(p.path, p.line, Msg("changed: %(m)s", m=p.message)))
                for p in self.changes
            ),
        ]
        return [text for _, text in sorted(labelled, key=lambda item: item[0])]


def import_gift(path: str, text: str, *, skip_unsupported: bool = False) -> GiftImport:
    """Convert a GIFT file's questions to QuestionDocs. See the module docstring."""
    items, problems = parse_gift(path, text)
    changes: list[Problem] = [
        Problem(
            path,
            item.line,
            Msg("'$CATEGORY: %(name)s' ignored: Yorisoi has no categories", name=item.name),
        )
        for item in items
        if isinstance(item, GiftCategory)
    ]
    questions = [item for item in items if isinstance(item, GiftQuestion)]
    if not questions and not problems:
        problems.append(Problem(path, 1, Msg("no questions in this file")))

    fields = [read_fields(path, q.comments, problems) for q in questions]
    given = [_given_id(path, f, problems) for f in fields]
    ids = assign_ids([q.title for q in questions], given, range(1, len(questions) + 1))
    _check_given_ids(path, questions, given, problems)

    converted: list[QuestionDoc] = []
    unsupported: list[Problem] = []
    missing: list[MissingContent] = []
    for question, found, assigned in zip(questions, fields, ids, strict=True):
        conversion = QuestionConversion(path, question, found, assigned.key)
        if assigned.note:
            conversion.change(assigned.note)
        doc = conversion.convert()
        problems += conversion.problems
        unsupported += conversion.unsupported
        if doc is None or conversion.problems or conversion.unsupported:
            continue
        changes += conversion.changes
        converted.append(doc)
        if conversion.missing:
            missing.append(MissingContent(path, question.line, doc.key, tuple(conversion.missing)))

    refused = bool(problems) or (bool(unsupported) and not skip_unsupported)
    return GiftImport(
        path=path,
        questions=() if refused else tuple(converted),
        problems=tuple(sorted(problems)),
        unsupported=() if skip_unsupported else tuple(unsupported),
        skipped=tuple(unsupported) if skip_unsupported else (),
        changes=tuple(sorted(changes)),
        missing=tuple(missing),
    )


def _given_id(path: str, found: dict[str, CommentField], problems: list[Problem]) -> str | None:
    given = found.get(keys.ID)
    if given is None:
        return None
    if not QUESTION_ID.match(given.value):
        problems.append(
            Problem(
                path,
                given.line,
                Msg(
                    "bad '// %(key)s: %(value)s' (lowercase letters, digits, '-' or '_')",
                    key=keys.ID,
                    value=given.value,
                ),
            )
        )
        return None
    return given.value


def _check_given_ids(
    path: str, questions: list[GiftQuestion], given: list[str | None], problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for question, key in zip(questions, given, strict=True):
        if key is None:
            continue
        if key in seen:
            problems.append(
                Problem(
                    path,
                    question.line,
                    Msg(
                        "duplicate question id '%(id)s' (also line %(line)s)",
                        id=key,
                        line=seen[key],
                    ),
                )
            )
        seen.setdefault(key, question.line)


def _each(fields: tuple[str, ...]) -> Msg | str:
    """'a; no b; no c', each part translatable."""
    message: Msg | str = fields[-1] if fields else ""
    for part in reversed(fields[:-1]):
        message = Msg("%(first)s; no %(rest)s", first=part, rest=message)
    return message
