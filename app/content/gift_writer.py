"""Yorisoi questions → GIFT that Moodle imports, and that gift_import reads back unchanged.

What GIFT has no place for (the Yorisoi id, the source, a scenario's narrative, the feedback
of each matching pair) goes into `//` comment lines just before the question, which Moodle
skips; a scenario's narrative is also written at the start of the question text, so that
Moodle users see it. The notes returned say what only the comments keep.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from app.content import gift_comments as keys
from app.content.documents import Option, QuestionDoc, QuizDoc
from app.content.gift_comments import comment_line
from app.content.gift_conversion import FALSE_TEXT, TRUE_TEXT
from app.content.gift_text import escape, starts_with_format, weight_text

ANSWER_INDENT = "\t"


@dataclass(frozen=True)
class GiftExport:
    text: str
    notes: tuple[str, ...]


def export_gift(quiz: QuizDoc | Sequence[QuestionDoc]) -> GiftExport:
    """The questions of `quiz` as one GIFT text, a blank line between questions."""
    questions = quiz.questions if isinstance(quiz, QuizDoc) else tuple(quiz)
    notes: list[str] = []
    if isinstance(quiz, QuizDoc):
        notes.append(
            f"the quiz settings (module '{quiz.module_slug}', pass mark {quiz.pass_mark}%, "
            "attempts, shuffle) are not part of GIFT and are not written"
        )
    blocks = [_QuestionWriter(question, notes).write() for question in questions]
    return GiftExport("\n".join(blocks), tuple(notes))


def _is_plain_true_false(question: QuestionDoc) -> bool:
    texts = tuple(option.text for option in question.options)
    return (
        question.type == "true_false"
        and texts == (TRUE_TEXT, FALSE_TEXT)
        and sum(option.correct for option in question.options) == 1
    )


class _QuestionWriter:
    def __init__(self, question: QuestionDoc, notes: list[str]):
        self.q = question
        self.notes = notes
        # Moodle's default format reads '<' and '&' as HTML; plain text says what we mean.
        texts = [question.prompt, question.explanation, question.scenario or ""]
        texts += [o.text + o.feedback for o in question.options]
        texts += [pair.prompt for pair in question.pairs]
        self.format = "plain" if any("<" in t or "&" in t for t in texts) else "moodle"

    def note(self, message: str) -> None:
        self.notes.append(f"{self.q.key}: {message}")

    def text(self, text: str) -> str:
        """An escaped text; one that itself looks like `[html]…` gets its real format first."""
        written = escape(text)
        return f"[{self.format}]{written}" if starts_with_format(text) else written

    def write(self) -> str:
        q = self.q
        kept = ["the id"]
        lines = [comment_line(keys.ID, q.key)]
        if q.type == "true_false" and not _is_plain_true_false(q):
            lines.append(comment_line(keys.TYPE, q.type))
            kept.append("the type true_false (its options are not 正しい/誤り)")
        scenario = q.scenario if q.type == "scenario" else None
        if q.scenario and not scenario:
            self.note(f"a scenario on a '{q.type}' question is not written")
        if scenario:
            lines.append(comment_line(keys.SCENARIO, scenario))
            kept.append("the scenario (also at the start of the question text)")
        if q.source:
            lines.append(comment_line(keys.SOURCE, q.source))
            kept.append("the source")
        if q.type == "matching":
            lines += [
                comment_line(f"{keys.PAIR_FEEDBACK}{n}", pair.feedback)
                for n, pair in enumerate(q.pairs, start=1)
                if pair.feedback
            ]
            lines += [
                comment_line(f"{keys.EXTRA_FEEDBACK}{n}", extra.feedback)
                for n, extra in enumerate(q.distractors, start=1)
                if extra.feedback
            ]
            kept.append("the feedback of each pair and extra answer")
        self.note(", ".join(kept) + " kept only in // comments")

        prompt = f"{scenario}\n\n{q.prompt}" if scenario else q.prompt
        # With a format prefix written, a text that looks like one is plain text after it.
        prefix = "" if self.format == "moodle" else f"[{self.format}]"
        text = escape(prompt) if prefix else self.text(prompt)
        lines.append(f"::{escape(q.key)}::{prefix}{text}{{")
        lines += self._answers()
        if q.explanation:
            lines.append(f"{ANSWER_INDENT}####{self.text(q.explanation)}")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _answers(self) -> list[str]:
        q = self.q
        if _is_plain_true_false(q):
            return self._true_false()
        if q.type == "matching":
            return self._matching()
        if q.type == "multiple":
            return self._several()
        return [self._answer("=" if o.correct else self._wrong(o), o) for o in q.options]

    def _answer(self, marker: str, option: Option) -> str:
        if "->" in option.text:
            self.note(
                f"the option 「{option.text}」 contains '->', which GIFT reads as matching: "
                "the file will not import until it is reworded"
            )
        feedback = f"#{self.text(option.feedback)}" if option.feedback else ""
        return f"{ANSWER_INDENT}{marker}{self.text(option.text)}{feedback}"

    def _wrong(self, option: Option) -> str:
        # A text that starts with '%' would be read as a weight: give the weight, 0.
        return "~%0%" if option.text.startswith("%") else "~"

    def _several(self) -> list[str]:
        right = sum(o.correct for o in self.q.options)
        weight = weight_text(100 / right) if right else "0"
        if right > 1:
            self.note(
                "Moodle gives partial credit for some of the right options; "
                "Yorisoi only for exactly all of them"
            )
        # A wrong option at -100% makes any wrong choice score nothing, as in Yorisoi.
        return [self._answer(f"~%{weight}%" if o.correct else "~%-100%", o) for o in self.q.options]

    def _true_false(self) -> list[str]:
        true, false = self.q.options
        right, wrong = (true, false) if true.correct else (false, true)
        # Moodle's order: the feedback for a wrong answer first, then for the right one.
        return [
            f"{ANSWER_INDENT}{'TRUE' if true.correct else 'FALSE'}",
            f"{ANSWER_INDENT}#{self.text(wrong.feedback)}",
            f"{ANSWER_INDENT}#{self.text(right.feedback)}",
        ]

    def _matching(self) -> list[str]:
        lines = []
        for pair in self.q.pairs:
            if "->" in pair.prompt:
                self.note(f"the prompt 「{pair.prompt}」 contains '->', which ends a GIFT prompt")
            lines.append(f"{ANSWER_INDENT}={self.text(pair.prompt)} -> {escape(pair.answer)}")
        lines += [f"{ANSWER_INDENT}= -> {escape(extra.text)}" for extra in self.q.distractors]
        return lines
