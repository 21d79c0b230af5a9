"""One GIFT question → one Yorisoi QuestionDoc, noting everything that happened on the way.

GIFT says what Moodle does (weights, text formats, missing words); Yorisoi has one point a
question and plain text, and requires an explanation, a source and feedback everywhere. Each
difference is recorded here as a problem, an unsupported question, a change, or a missing
field, and gift_import.py gathers them for the whole file.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.content import gift_comments as keys
from app.content.documents import MatchPair, Option, QuestionDoc, matching_options
from app.content.gift_comments import CommentField
from app.content.gift_parser import GAP, GiftAnswer, GiftQuestion
from app.content.gift_text import GiftText, weight_text
from app.content.messages import Msg
from app.content.plain_text import plain_text_from_html
from app.content.problems import Problem

TRUE_TEXT, FALSE_TEXT = "正しい", "誤り"
# Weights are percents written with up to 5 decimals (33.33333): equal within this.
_SAME_WEIGHT = 0.01
# What each shape gives: the Yorisoi type, options, pairs, distractors (None: not converted).
Shape = tuple[str, tuple[Option, ...], tuple[MatchPair, ...], tuple[Option, ...]] | None


@dataclass
class QuestionConversion:
    """Convert `question` with `convert()`; the lists then hold what happened."""

    path: str
    question: GiftQuestion
    fields: dict[str, CommentField]
    key: str
    problems: list[Problem] = field(default_factory=list)
    unsupported: list[Problem] = field(default_factory=list)
    changes: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, line or self.question.line, message))

    def refuse(self, message: str) -> None:
        self.unsupported.append(Problem(self.path, self.question.line, message))

    def change(self, message: str) -> None:
        if not any(c.message == message for c in self.changes):
            self.changes.append(Problem(self.path, self.question.line, message))

    def lacks(self, what: str) -> None:
        self.missing.append(what)

    def plain(self, text: GiftText | None) -> str:
        """A field's plain text: HTML sanitised then reduced; other formats kept as written."""
        if text is None:
            return ""
        if text.format == "html":
            plain = plain_text_from_html(text.text)
            if plain != text.text:
                self.change(Msg("HTML reduced to plain text (after the module sanitiser)"))
            return plain
        if text.format == "markdown" and text.text:
            self.change(Msg("Markdown kept as written: Yorisoi shows question text as plain text"))
        return text.text

    def convert(self) -> QuestionDoc | None:
        q = self.question
        kind = {
            "essay": Msg("an essay question ('{}'): Yorisoi only has questions it marks itself"),
            "numerical": Msg("a numerical question ('{#…}'): not a Yorisoi question type"),
            "description": Msg("a description (text with no answer block): not a question"),
            "short_answer": Msg(
                "a short-answer question ('{=a =b}', typed answers): not a Yorisoi question type"
            ),
        }.get(q.kind)
        if kind is not None:
            self.refuse(kind)
            return None
        prompt = self.plain(q.text)
        if q.gap:
            self.change(
                Msg(
                    "the answer block stood inside the sentence: the gap is shown as %(gap)s",
                    gap=GAP,
                )
            )
        explanation = self.plain(q.general_feedback)
        source = self.fields[keys.SOURCE].value if keys.SOURCE in self.fields else ""
        built = {
            "choice": self._choice,
            "true_false": self._true_false,
            "matching": self._matching,
        }[q.kind]()
        if built is None:
            return None
        kind_name, options, pairs, distractors = built
        scenario = self._scenario(kind_name)
        if scenario is not None:
            kind_name, prompt = "scenario", self._without_scenario(prompt, scenario)
        kind_name = self._marked_type(kind_name, options)
        if not prompt:
            self.lacks(Msg("question text"))
        if not explanation:
            self.lacks(Msg("explanation (general feedback after '####')"))
        if not source:
            self.lacks(Msg("source (a '// %(key)s: G 2' comment line)", key=keys.SOURCE))
        return QuestionDoc(
            key=self.key,
            type=kind_name,
            prompt=prompt,
            options=options,
            explanation=explanation,
            source=source,
            scenario=scenario,
            line=q.line,
            pairs=pairs,
            distractors=distractors,
        )

    # --- the three shapes Yorisoi has ---------------------------------------------------

    def _options(self, answers: Iterable[GiftAnswer], right: set[int]) -> tuple[Option, ...]:
        options = []
        for i, answer in enumerate(answers):
            text, feedback = self.plain(answer.text), self.plain(answer.feedback)
            if not feedback:
                self.lacks(Msg("feedback on 「%(text)s」", text=text))
            options.append(Option(text, i in right, feedback))
        return tuple(options)

    def _choice(self) -> Shape:
        answers = self.question.answers
        if any(a.marker == "=" for a in answers):
            return self._one_answer(answers)
        return self._several_answers(answers)

    def _one_answer(self, answers: tuple[GiftAnswer, ...]) -> Shape:
        right = {i for i, a in enumerate(answers) if a.weight == 100}
        partial = [a for a in answers if 0 < a.weight < 100]
        if partial:
            weight, text = _percent(partial[0].weight), self.plain(partial[0].text)
            self.refuse(
                Msg(
                    "partial credit (%(weight)s for 「%(text)s」) in a one-answer question: "
                    "Yorisoi marks an answer right or wrong",
                    weight=weight,
                    text=text,
                )
            )
            return None
        if len(right) > 1:
            self.refuse(
                Msg(
                    "%(count)s answers give full credit in a one-answer question: "
                    "Yorisoi's single choice has one right answer",
                    count=len(right),
                )
            )
            return None
        if any(a.weight < 0 for a in answers):
            self.change(Msg("negative weights dropped: Yorisoi never takes points away"))
        return "single", self._options(answers, right), (), ()

    def _several_answers(self, answers: tuple[GiftAnswer, ...]) -> Shape:
        positive = [a.weight for a in answers if a.weight > 0]
        if not positive:
            self.problem(
                Msg(
                    "no answer is right: mark one with '=', or give the right ones a positive "
                    "weight such as ~%%50%%"
                ),
                self.question.block_line,
            )
            return None
        if max(positive) - min(positive) > _SAME_WEIGHT:
            weights = ", ".join(_percent(w) for w in positive)
            self.refuse(
                Msg(
                    "partial credit with unequal weights (%(weights)s): Yorisoi's 'multiple' is "
                    "right only when exactly the right options are chosen",
                    weights=weights,
                )
            )
            return None
        if abs(sum(positive) - 100) > len(positive) * _SAME_WEIGHT:
            self.problem(
                Msg(
                    "the positive weights add up to %(total)s, not 100%%",
                    total=_percent(sum(positive)),
                ),
                self.question.block_line,
            )
            return None
        if len(positive) > 1 or any(-100 < a.weight <= 0 for a in answers):
            self.change(
                Msg(
                    "partial credit dropped: right only when exactly the %(count)s "
                    "option(s) with a positive weight are chosen",
                    count=len(positive),
                )
            )
        right = {i for i, a in enumerate(answers) if a.weight > 0}
        return "multiple", self._options(answers, right), (), ()

    def _true_false(self) -> Shape:
        q = self.question
        right, wrong = self.plain(q.right_feedback), self.plain(q.wrong_feedback)
        true_feedback, false_feedback = (right, wrong) if q.truth else (wrong, right)
        if not true_feedback:
            self.lacks(Msg("feedback on 「%(text)s」", text=TRUE_TEXT))
        if not false_feedback:
            self.lacks(Msg("feedback on 「%(text)s」", text=FALSE_TEXT))
        options = (
            Option(TRUE_TEXT, bool(q.truth), true_feedback),
            Option(FALSE_TEXT, not q.truth, false_feedback),
        )
        return "true_false", options, (), ()

    def _matching(self) -> Shape:
        pairs: list[MatchPair] = []
        extras: list[Option] = []
        for gift_pair in self.question.pairs:
            prompt = self.plain(gift_pair.prompt)
            if prompt:
                number = len(pairs) + 1
                feedback = self._field(f"{keys.PAIR_FEEDBACK}{number}")
                if not feedback:
                    self.lacks(
                        Msg(
                            "feedback on the pair 「%(prompt)s」 (a '// %(key)s:' comment line)",
                            prompt=prompt,
                            key=f"{keys.PAIR_FEEDBACK}{number}",
                        )
                    )
                pairs.append(MatchPair(prompt, gift_pair.answer, feedback))
            else:
                number = len(extras) + 1
                feedback = self._field(f"{keys.EXTRA_FEEDBACK}{number}")
                if not feedback:
                    self.lacks(
                        Msg(
                            "feedback on the extra answer 「%(answer)s」 "
                            "(a '// %(key)s:' comment line)",
                            answer=gift_pair.answer,
                            key=f"{keys.EXTRA_FEEDBACK}{number}",
                        )
                    )
                extras.append(Option(gift_pair.answer, False, feedback))
        self._unknown_numbers(keys.PAIR_FEEDBACK, len(pairs))
        self._unknown_numbers(keys.EXTRA_FEEDBACK, len(extras))
        if not self._distinct(pairs, extras):
            return None
        return "matching", matching_options(pairs, extras), tuple(pairs), tuple(extras)

    def _distinct(self, pairs: list[MatchPair], extras: list[Option]) -> bool:
        answers = [pair.answer for pair in pairs] + [extra.text for extra in extras]
        shared = next((a for a in answers if answers.count(a) > 1), None)
        if shared is not None:
            self.refuse(
                Msg(
                    "the answer 「%(answer)s」 appears twice: in Yorisoi each prompt has its own "
                    "answer and an extra answer matches none",
                    answer=shared,
                )
            )
            return False
        prompts = [pair.prompt for pair in pairs]
        twice = next((p for p in prompts if prompts.count(p) > 1), None)
        if twice is not None:
            self.refuse(Msg("the prompt 「%(prompt)s」 appears twice", prompt=twice))
            return False
        return True

    # --- what the exporter's comments add ----------------------------------------------

    def _field(self, key: str) -> str:
        return self.fields[key].value if key in self.fields else ""

    def _unknown_numbers(self, prefix: str, count: int) -> None:
        for key, found in self.fields.items():
            if key.startswith(prefix) and not 1 <= int(key[len(prefix) :]) <= count:
                # Two whole sentences, not one with a word put in: Japanese words it otherwise.
                if prefix == keys.PAIR_FEEDBACK:
                    message = Msg("'// %(key)s:' names no pair of this question", key=key)
                else:
                    message = Msg("'// %(key)s:' names no extra answer of this question", key=key)
                self.problem(message, found.line)

    def _scenario(self, kind_name: str) -> str | None:
        found = self.fields.get(keys.SCENARIO)
        if found is None:
            return None
        if kind_name != "single":
            self.problem(
                Msg(
                    "'// %(key)s:' belongs to a one-answer question ('=' and '~')",
                    key=keys.SCENARIO,
                ),
                found.line,
            )
            return None
        if not found.value:
            self.lacks(Msg("scenario (the '// %(key)s:' comment is empty)", key=keys.SCENARIO))
        return found.value

    def _without_scenario(self, prompt: str, scenario: str) -> str:
        """The exporter writes the narrative, a blank line, then the prompt (for Moodle)."""
        head = scenario + "\n\n"
        if scenario and prompt.startswith(head):
            return prompt[len(head) :].strip()
        self.change(
            Msg(
                "the question text does not start with the '// scenario:' narrative: "
                "kept whole as the prompt"
            )
        )
        return prompt

    def _marked_type(self, kind_name: str, options: tuple[Option, ...]) -> str:
        marked = self.fields.get(keys.TYPE)
        if marked is None or marked.value == kind_name:
            return kind_name
        if marked.value == "true_false" and kind_name == "single" and len(options) == 2:
            return "true_false"
        self.problem(
            Msg(
                "'// %(key)s: %(value)s' does not fit this question",
                key=keys.TYPE,
                value=marked.value,
            ),
            marked.line,
        )
        return kind_name


def _percent(weight: float) -> str:
    return f"{weight_text(weight)}%"
