"""Parse and validate one quiz file (YAML); matching questions' pairs in quiz_matching.py."""

import re
from typing import TypeGuard

from app.content.documents import MatchPair, Option, QuestionDoc, QuizDoc
from app.content.messages import Msg
from app.content.module_files import SLUG, content_hash
from app.content.problems import Problem
from app.content.question_types import QUESTION_TYPES
from app.content.quiz_matching import matching_fields
from app.content.yaml_source import LineIndex, load_yaml
from app.content.yaml_source import Path as YamlPath

QUESTION_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def parse_quiz(path: str, text: str) -> tuple[QuizDoc | None, list[Problem]]:
    data, at, problems = load_yaml(text, path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(path, 1, Msg("a quiz is a mapping with 'module' and 'questions'"))]

    module = data.get("module")
    if not isinstance(module, str) or not SLUG.match(module):
        problems.append(
            Problem(path, at.of("module"), Msg("missing or bad field 'module' (a slug)"))
        )

    pass_mark = data.get("pass_mark")
    if not _whole(pass_mark) or not 1 <= pass_mark <= 100:
        problems.append(
            Problem(path, at.of("pass_mark"), Msg("pass_mark: a percent from 1 to 100"))
        )
    max_attempts = data.get("max_attempts")
    if max_attempts is not None and (not _whole(max_attempts) or max_attempts < 1):
        problems.append(
            Problem(path, at.of("max_attempts"), Msg("max_attempts: a whole number ≥ 1"))
        )
    shuffle = data.get("shuffle", False)
    if not isinstance(shuffle, bool):
        problems.append(Problem(path, at.of("shuffle"), Msg("shuffle: true or false")))

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append(
            Problem(path, at.of("questions"), Msg("missing field 'questions' (a list)"))
        )
        raw_questions = []
    questions: list[QuestionDoc] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_questions):
        question = _question(path, index, raw, at, problems)
        if question is None:
            continue
        if question.key in seen:
            problems.append(
                Problem(
                    path,
                    at.of("questions", index, "id"),
                    Msg(
                        "duplicate question id '%(id)s' (also line %(line)s)",
                        id=question.key,
                        line=seen[question.key],
                    ),
                )
            )
        seen.setdefault(question.key, question.line)
        questions.append(question)

    if problems:
        return None, problems
    assert isinstance(module, str) and _whole(pass_mark)  # each is a problem above otherwise
    return (
        QuizDoc(
            path=path,
            module_slug=module,
            pass_mark=pass_mark,
            max_attempts=max_attempts,
            shuffle=shuffle,
            questions=tuple(questions),
            source_text=text,
            content_hash=content_hash(text),
            module_line=at.of("module"),
        ),
        [],
    )


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(raw: dict, name: str) -> str:
    value = raw.get(name)
    return str(value).strip() if value is not None else ""


def _question(
    path: str, index: int, raw: object, at: LineIndex, problems: list[Problem]
) -> QuestionDoc | None:
    here = ("questions", index)
    line = at.of(*here)
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, Msg("a question is a mapping")))
        return None
    before = len(problems)

    key = raw.get("id")
    if not isinstance(key, str) or not QUESTION_ID.match(key):
        problems.append(Problem(path, at.of(*here, "id"), Msg("missing or bad question 'id'")))
    # A list or mapping where a type name belongs is a problem, not a crash.
    type_name = raw.get("type")
    kind = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
    if kind is None:
        problems.append(
            Problem(
                path,
                at.of(*here, "type"),
                Msg(
                    "unknown question type '%(type)s' (use %(types)s)",
                    type=raw.get("type"),
                    types=", ".join(QUESTION_TYPES),
                ),
            )
        )
    for name in ("prompt", "explanation", "source"):
        if not _text(raw, name):
            problems.append(
                Problem(path, at.of(*here, name), Msg("missing field '%(name)s'", name=name))
            )
    if kind is not None and kind.needs_scenario and not _text(raw, "scenario"):
        problems.append(
            Problem(path, line, Msg("a '%(type)s' question needs a 'scenario'", type=kind.name))
        )

    pairs: tuple[MatchPair, ...] = ()
    distractors: tuple[Option, ...] = ()
    if kind is not None and kind.uses_pairs:
        matching = matching_fields(path, raw, here, at, problems)
        options, pairs, distractors = matching.options, matching.pairs, matching.distractors
    else:
        for name in ("pairs", "distractors"):
            if name in raw:
                problems.append(
                    Problem(
                        path,
                        at.of(*here, name),
                        Msg("'%(name)s' belongs to 'matching' questions only", name=name),
                    )
                )
        options = _options(path, raw, here, at, problems)
        if kind is not None:
            correct = sum(option.correct for option in options)
            problems += [
                Problem(path, at.of(*here, "options"), message)
                for message in kind.option_problems(correct, len(options))
            ]

    if len(problems) > before:
        return None
    assert isinstance(key, str) and kind is not None  # each is a problem above otherwise
    return QuestionDoc(
        key=key,
        type=kind.name,
        prompt=_text(raw, "prompt"),
        options=tuple(options),
        explanation=_text(raw, "explanation"),
        source=_text(raw, "source"),
        scenario=_text(raw, "scenario") or None,
        line=line,
        pairs=pairs,
        distractors=distractors,
    )


def _options(
    path: str, raw: dict, here: YamlPath, at: LineIndex, problems: list[Problem]
) -> tuple[Option, ...]:
    options: list[Option] = []
    raw_options = raw.get("options")
    if not isinstance(raw_options, list):
        problems.append(
            Problem(path, at.of(*here, "options"), Msg("missing field 'options' (a list)"))
        )
        raw_options = []
    for number, option in enumerate(raw_options):
        where = at.of(*here, "options", number)
        if not isinstance(option, dict) or not _text(option, "text"):
            problems.append(Problem(path, where, Msg("an option needs 'text'")))
            continue
        if not isinstance(option.get("correct", False), bool):
            problems.append(Problem(path, where, Msg("an option's 'correct' is true or false")))
        if not _text(option, "feedback"):
            problems.append(Problem(path, where, Msg("an option has no 'feedback'")))
        options.append(
            Option(_text(option, "text"), option.get("correct") is True, _text(option, "feedback"))
        )
    return tuple(options)
