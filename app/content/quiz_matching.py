"""The `pairs` and `distractors` of a matching question in a quiz file, validated.

A matching question lists no `options`: its choices are made from the pairs' answers and the
distractors (see `matching_options`), so the file cannot disagree with what learners see.
"""

from dataclasses import dataclass

from app.content.documents import MatchPair, Option, matching_options
from app.content.messages import Msg
from app.content.problems import Problem
from app.content.yaml_source import LineIndex, Path


@dataclass(frozen=True)
class MatchingFields:
    pairs: tuple[MatchPair, ...]
    distractors: tuple[Option, ...]
    options: tuple[Option, ...]


def _text(raw: dict, name: str) -> str:
    value = raw.get(name)
    return str(value).strip() if value is not None else ""


def matching_fields(
    path: str, raw: dict, here: Path, at: LineIndex, problems: list[Problem]
) -> MatchingFields:
    """Read the pairs and distractors, appending a `path:line:` problem for each fault."""
    if "options" in raw:
        problems.append(
            Problem(
                path,
                at.of(*here, "options"),
                Msg("a 'matching' question has 'pairs' (and 'distractors'), not 'options'"),
            )
        )
    pairs = _pairs(path, raw.get("pairs"), here, at, problems)
    answers_at = {pair.answer: at.of(*here, "pairs", i) for i, pair in enumerate(pairs)}
    distractors = _distractors(path, raw.get("distractors"), here, at, answers_at, problems)
    return MatchingFields(pairs, distractors, matching_options(pairs, distractors))


def _pairs(
    path: str, raw_pairs: object, here: Path, at: LineIndex, problems: list[Problem]
) -> tuple[MatchPair, ...]:
    if not isinstance(raw_pairs, list):
        problems.append(Problem(path, at.of(*here, "pairs"), Msg("missing field 'pairs' (a list)")))
        return ()
    if len(raw_pairs) < 2:
        problems.append(
            Problem(
                path, at.of(*here, "pairs"), Msg("a 'matching' question needs at least two pairs")
            )
        )
    pairs: list[MatchPair] = []
    prompts: dict[str, int] = {}
    answers: dict[str, int] = {}
    for number, raw in enumerate(raw_pairs):
        line = at.of(*here, "pairs", number)
        if not isinstance(raw, dict):
            problems.append(
                Problem(path, line, Msg("a pair has 'prompt', 'answer' and 'feedback'"))
            )
            continue
        missing = [name for name in ("prompt", "answer", "feedback") if not _text(raw, name)]
        for name in missing:
            problems.append(Problem(path, line, Msg("a pair has no '%(name)s'", name=name)))
        prompt, answer = _text(raw, "prompt"), _text(raw, "answer")
        if prompt and prompt in prompts:
            problems.append(
                Problem(
                    path,
                    line,
                    Msg(
                        "prompt '%(prompt)s' is also on line %(line)s",
                        prompt=prompt,
                        line=prompts[prompt],
                    ),
                )
            )
        if answer and answer in answers:
            problems.append(
                Problem(
                    path,
                    line,
                    Msg(
                        "answer '%(answer)s' is also the answer on line %(line)s "
                        "(each prompt has its own answer)",
                        answer=answer,
                        line=answers[answer],
                    ),
                )
            )
        prompts.setdefault(prompt, line)
        answers.setdefault(answer, line)
        if not missing:
            pairs.append(MatchPair(prompt, answer, _text(raw, "feedback")))
    return tuple(pairs)


def _distractors(
    path: str,
    raw_distractors: object,
    here: Path,
    at: LineIndex,
    answers_at: dict[str, int],
    problems: list[Problem],
) -> tuple[Option, ...]:
    if raw_distractors is None:
        return ()
    if not isinstance(raw_distractors, list):
        problems.append(
            Problem(
                path,
                at.of(*here, "distractors"),
                Msg("distractors: a list of answers that match no prompt ('text', 'feedback')"),
            )
        )
        return ()
    distractors: list[Option] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_distractors):
        line = at.of(*here, "distractors", number)
        if not isinstance(raw, dict) or not _text(raw, "text"):
            problems.append(Problem(path, line, Msg("a distractor needs 'text'")))
            continue
        text = _text(raw, "text")
        if not _text(raw, "feedback"):
            problems.append(
                Problem(path, line, Msg("a distractor has no 'feedback' (why it matches nothing)"))
            )
        if text in answers_at:
            problems.append(
                Problem(
                    path,
                    line,
                    Msg(
                        "distractor '%(text)s' is also the answer on line %(line)s",
                        text=text,
                        line=answers_at[text],
                    ),
                )
            )
        elif text in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    Msg(
                        "distractor '%(text)s' is also on line %(line)s", text=text, line=seen[text]
                    ),
                )
            )
        seen.setdefault(text, line)
        distractors.append(Option(text, False, _text(raw, "feedback")))
    return tuple(distractors)
