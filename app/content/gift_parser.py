"""Read GIFT (Moodle's text format for question banks) into what each question says.

This layer knows GIFT only, not Yorisoi: it finds titles, texts, answer blocks, weights and
feedback, and reports every fault as `FILE:line: message`. What Yorisoi can make of each
question is decided in gift_import.py. The grammar follows Moodle's own reader
(question/format/gift/format.php); where this one is stricter, it says so in the message.
"""

import re
from dataclasses import dataclass
from typing import Any

from app.content.gift_text import GiftText, formatted, hide_escapes, reveal
from app.content.messages import Msg
from app.content.problems import Problem

GAP = "＿＿＿"  # where a missing-word question's answer block stood in the sentence
TRUE_WORDS = ("T", "TRUE")
FALSE_WORDS = ("F", "FALSE")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d+)?)%")
_LOOKS_LIKE_WEIGHT = re.compile(r"%[-\d.]")


@dataclass(frozen=True)
class GiftComment:
    line: int
    text: str  # after the `//`, stripped


@dataclass(frozen=True)
class GiftAnswer:
    """One answer of a choice question: `=` (right) or `~` (wrong, or weighted)."""

    line: int
    marker: str
    weight: float  # percent: 100 for `=`, the `%…%` value, or 0
    text: GiftText
    feedback: GiftText | None  # None without a `#`


@dataclass(frozen=True)
class GiftPair:
    """One `=prompt -> answer` of a matching question; an empty prompt matches nothing."""

    line: int
    prompt: GiftText
    answer: str


@dataclass(frozen=True)
class GiftQuestion:
    line: int
    # choice, true_false, matching, short_answer, numerical, essay, description
    kind: str
    title: str | None
    text: GiftText
    gap: bool = False
    answers: tuple[GiftAnswer, ...] = ()
    pairs: tuple[GiftPair, ...] = ()
    truth: bool | None = None
    wrong_feedback: GiftText | None = None  # true/false: shown for the wrong answer
    right_feedback: GiftText | None = None
    general_feedback: GiftText | None = None
    comments: tuple[GiftComment, ...] = ()
    block_line: int = 0


@dataclass(frozen=True)
class GiftCategory:
    line: int
    name: str


GiftItem = GiftQuestion | GiftCategory


def parse_gift(path: str, text: str) -> tuple[list[GiftItem], list[Problem]]:
    """Every question and category of a GIFT file, and every problem found in it."""
    items: list[GiftItem] = []
    problems: list[Problem] = []
    for block in _blocks(text):
        item = _Block(path, block, problems).read()
        if item is not None:
            items.append(item)
    return items, problems


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Lines grouped into questions: a blank line ends one. Each line is trimmed, as Moodle does."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line:
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


class _Block:
    """One question's lines, read left to right on its hidden-escape text."""

    def __init__(self, path: str, lines: list[tuple[int, str]], problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.comments = tuple(
            GiftComment(number, line[2:].strip()) for number, line in lines if line.startswith("//")
        )
        content = [(number, line) for number, line in lines if not line.startswith("//")]
        raw = "\n".join(line for _, line in content)
        # The line of each character of `raw`; a joining line break counts with its line.
        raw_lines = [number for number, line in content for _ in line + "\n"]
        self.text, positions = hide_escapes(raw)
        self.lines = [raw_lines[i] for i in positions]
        self.first_line = content[0][0] if content else 0

    def line(self, position: int) -> int:
        return self.lines[min(position, len(self.lines) - 1)] if self.lines else self.first_line

    def problem(self, position: int, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(position), message))

    def read(self) -> GiftItem | None:
        s = self.text
        if not s:
            return None  # only comments: a note between questions
        if s.startswith("$CATEGORY:"):
            if "\n" in s:
                self.problem(
                    s.index("\n") + 1,
                    Msg("a '$CATEGORY:' line stands alone: end it with a blank line"),
                )
                return None
            return GiftCategory(self.first_line, reveal(s[len("$CATEGORY:") :]).strip())
        start, title = 0, None
        if s.startswith("::"):
            end = s.find("::", 2)
            if end == -1:
                self.problem(0, Msg("the title is not closed with '::'"))
                return None
            title, start = reveal(s[2:end]).strip(), end + 2
        return self._question(start, title)

    def _question(self, start: int, title: str | None) -> GiftQuestion | None:
        s = self.text
        opening, closing = s.find("{", start), s.find("}", start)
        if opening == -1 and closing == -1:
            return GiftQuestion(self.first_line, "description", title, formatted(s[start:]))
        if closing != -1 and (opening == -1 or closing < opening):
            self.problem(
                closing, Msg("'}' without a '{' before it (write '\\}' for a brace in text)")
            )
            return None
        if closing == -1:
            self.problem(opening, Msg("'{' is not closed with '}' (a blank line ends a question)"))
            return None
        second = s.find("{", opening + 1)
        if second != -1 and second < closing:
            self.problem(
                opening,
                Msg(
                    "'{' is not closed before the next '{' on line %(line)s "
                    "(write '\\{' for a brace in text)",
                    line=self.line(second),
                ),
            )
            return None
        after = s[closing + 1 :]
        extra = min((i for i in (after.find("{"), after.find("}")) if i != -1), default=-1)
        if extra != -1:
            self.problem(
                closing + 1 + extra, Msg("a question has one answer block; another starts here")
            )
            return None

        gap = bool(after.strip())
        text = formatted(s[start:opening] + (GAP + after if gap else ""))
        body_start, body_end = opening + 1, closing
        general = None
        separator = s.rfind("####", body_start, body_end)
        if separator != -1:
            general = formatted(s[separator + 4 : body_end], text.format)
            body_end = separator
        question = GiftQuestion(
            self.first_line,
            "",
            title,
            text,
            gap=gap,
            general_feedback=general,
            comments=self.comments,
            block_line=self.line(opening),
        )
        return _AnswerBlock(self, question, body_start, body_end).read()


class _AnswerBlock:
    """What stands between `{` and `}` (general feedback already taken off)."""

    def __init__(self, block: _Block, question: GiftQuestion, start: int, end: int):
        self.block = block
        self.question = question
        self.start = start
        self.end = end
        self.body = block.text[start:end]

    def _with(self, kind: str, **fields: Any) -> GiftQuestion:
        q = self.question
        return GiftQuestion(
            q.line,
            kind,
            q.title,
            q.text,
            gap=q.gap,
            general_feedback=q.general_feedback,
            comments=q.comments,
            block_line=q.block_line,
            **fields,
        )

    def read(self) -> GiftQuestion | None:
        # The same order of tests as Moodle: the first that fits decides the type.
        body = self.body.strip()
        if not body:
            return self._with("essay")
        if body.startswith("#"):
            return self._with("numerical")
        if "~" in body:
            return self._choice()
        if "=" in body and "->" in body:
            return self._matching()
        value = body.split("#", 1)[0].strip()
        if value in TRUE_WORDS + FALSE_WORDS:
            return self._true_false(value in TRUE_WORDS)
        return self._short_answer()

    def _segments(self, markers: str) -> list[tuple[int, str, str]] | None:
        """(position, marker, content) for each answer; text before the first is an error."""
        s = self.block.text
        cuts = [i for i in range(self.start, self.end) if s[i] in markers]
        leading = s[self.start : cuts[0] if cuts else self.end]
        if leading.strip():
            first = self.start + len(leading) - len(leading.lstrip())
            wanted = " or ".join(f"'{m}'" for m in markers)
            self.block.problem(
                first,
                Msg(
                    "text before the first answer: start each answer with %(markers)s",
                    markers=wanted,
                ),
            )
            return None
        bounds = cuts + [self.end]
        return [(i, s[i], s[i + 1 : j]) for i, j in zip(cuts, bounds[1:], strict=False)]

    def _no_arrow(self, position: int, content: str) -> bool:
        if "->" in content:
            self.block.problem(
                position + 1 + content.index("->"),
                Msg(
                    "'->' is for matching questions, whose answers are all '=prompt -> answer' "
                    "(no '~')"
                ),
            )
            return False
        return True

    def _choice(self) -> GiftQuestion | None:
        segments = self._segments("~=")
        if segments is None:
            return None
        answers: list[GiftAnswer] = []
        fine = True
        fmt = self.question.text.format
        for position, marker, content in segments:
            fine &= self._no_arrow(position, content)
            weight = 100.0 if marker == "=" else 0.0
            body = content.lstrip()
            offset = position + 1 + len(content) - len(body)
            # After '=' Moodle reads no weight: '=' is the right answer, and so here.
            if marker == "~" and _LOOKS_LIKE_WEIGHT.match(body):
                found = _WEIGHT.match(body)
                if found is None or not -100 <= float(found.group(1)) <= 100:
                    token = body[: body.find("%", 1) + 1] if "%" in body[1:] else body.split()[0]
                    self.block.problem(
                        offset,
                        Msg(
                            "bad weight '%(token)s': a percent from -100 to 100 between "
                            "two '%%', such as %%50%% or %%-100%%",
                            token=reveal(token),
                        ),
                    )
                    fine = False
                    continue
                weight, body = float(found.group(1)), body[found.end() :]
            text, _, feedback = body.partition("#")
            answers.append(
                GiftAnswer(
                    self.block.line(offset),
                    marker,
                    weight,
                    formatted(text, fmt),
                    formatted(feedback, fmt) if "#" in body else None,
                )
            )
        if not fine or not self._enough(
            answers, Msg("a choice question needs at least two answers")
        ):
            return None
        return self._with("choice", answers=tuple(answers))

    def _enough(self, answers: list[GiftAnswer], too_few: str) -> bool:
        if not any(answer.text.text for answer in answers):
            self.block.problem(self.start - 1, Msg("the answer block has no answers"))
            return False
        for answer in answers:
            if not answer.text.text:
                self.block.problems.append(
                    Problem(self.block.path, answer.line, Msg("an answer with no text"))
                )
        if len(answers) < 2:
            self.block.problem(self.start - 1, too_few)
            return False
        return all(answer.text.text for answer in answers)

    def _matching(self) -> GiftQuestion | None:
        segments = self._segments("=")
        if segments is None:
            return None
        pairs: list[GiftPair] = []
        fine = True
        fmt = self.question.text.format
        for position, _, content in segments:
            line = self.block.line(position)
            if "->" not in content:
                self.block.problem(position, Msg("a matching pair is written '=prompt -> answer'"))
                fine = False
                continue
            if "#" in content:
                self.block.problem(
                    position + 1 + content.index("#"),
                    Msg("a matching pair has no '#' feedback in GIFT (write '\\#' for the sign)"),
                )
                fine = False
            if _WEIGHT.match(content.lstrip()):
                self.block.problem(position, Msg("a matching pair has no weight"))
                fine = False
            prompt, _, answer = content.partition("->")
            if not reveal(answer).strip():
                self.block.problem(position, Msg("a pair with no answer after '->'"))
                fine = False
            pairs.append(GiftPair(line, formatted(prompt, fmt), reveal(answer).strip()))
        if not fine:
            return None
        if sum(1 for pair in pairs if pair.prompt.text) < 2:
            self.block.problem(
                self.start - 1, Msg("a matching question needs at least two pairs with a prompt")
            )
            return None
        return self._with("matching", pairs=tuple(pairs))

    def _true_false(self, truth: bool) -> GiftQuestion | None:
        parts = self.body.split("#")
        if len(parts) > 3:
            third = self.start + len("#".join(parts[:3]))
            self.block.problem(
                third,
                Msg(
                    "a true/false answer has at most two feedbacks: "
                    "{T#feedback for a wrong answer#feedback for the right one}"
                ),
            )
            return None
        fmt = self.question.text.format
        wrong = formatted(parts[1], fmt) if len(parts) > 1 else None
        right = formatted(parts[2], fmt) if len(parts) > 2 else None
        return self._with("true_false", truth=truth, wrong_feedback=wrong, right_feedback=right)

    def _short_answer(self) -> GiftQuestion | None:
        if not self._no_arrow(self.start - 1, self.body):
            return None
        # `{=a =b}`, or `{a}` as Moodle also reads it: only worth checking that it says something.
        texts = [reveal(part.split("#", 1)[0]).strip() for part in self.body.split("=")]
        if not any(texts):
            self.block.problem(self.start - 1, Msg("the answer block has no answers"))
            return None
        return self._with("short_answer")
