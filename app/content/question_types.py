"""Question types: how each is validated and marked. New types plug into QUESTION_TYPES.

A learner's answer is a list of option indexes. Each type says how to normalise it (a set
for choice questions, whose order means nothing; pair order for matching, where the i-th
index answers the i-th prompt) and what the right answer is, so that marking stays one
comparison over the registry.
"""

from collections.abc import Collection, Iterable, Set

from app.content.documents import QuestionDoc
from app.content.messages import Msg

Answer = tuple[int, ...]


class QuestionType:
    name = ""
    multiple_answers = False  # checkboxes rather than radio buttons
    needs_scenario = False
    uses_pairs = False  # `pairs` and `distractors` in the file instead of `options`

    def option_problems(self, correct_count: int, option_count: int) -> list[Msg]:
        problems = []
        if option_count < 2:
            problems.append(Msg("a question needs at least two options"))
        if correct_count == 0:
            problems.append(Msg("no option is marked correct"))
        return problems

    def normalise_answer(self, raw: Iterable[int]) -> Answer:
        """The order of chosen options means nothing: a sorted set of indexes."""
        return tuple(sorted(set(raw)))

    def correct_answer(self, question: QuestionDoc) -> Answer:
        """The normalised answer that is marked right."""
        return self.normalise_answer(question.correct_indexes)

    def is_correct(self, correct: Collection[int], chosen: Collection[int]) -> bool:
        # Compared as sets, never sorted: an odd stored value must mark wrong, not raise.
        return frozenset(chosen) == frozenset(correct)

    def answer_count(self, option_count: int, pair_count: int = 0) -> int:
        """How many different complete answers a learner can give: one option of n."""
        return option_count

    def random_guess_score(self, option_count: int, pair_count: int = 0) -> float:
        """The chance of a right answer by guessing, each possible answer alike (Moodle's
        "random guess score", for a question scored all or nothing)."""
        ways = self.answer_count(option_count, pair_count)
        return 1 / ways if ways else 0.0


class SingleChoice(QuestionType):
    name = "single"

    def option_problems(self, correct_count: int, option_count: int) -> list[Msg]:
        problems = super().option_problems(correct_count, option_count)
        if correct_count > 1:
            problems.append(
                Msg("a '%(type)s' question has exactly one correct option", type=self.name)
            )
        return problems


class MultipleChoice(QuestionType):
    """Marked right only when exactly the correct set is chosen ("choose all that apply")."""

    name = "multiple"
    multiple_answers = True

    def answer_count(self, option_count: int, pair_count: int = 0) -> int:
        """Any non-empty set of the options: 2ⁿ − 1."""
        return 2**option_count - 1


class TrueFalse(SingleChoice):
    name = "true_false"

    def option_problems(self, correct_count: int, option_count: int) -> list[Msg]:
        problems = super().option_problems(correct_count, option_count)
        if option_count != 2:
            problems.append(Msg("a '%(type)s' question has exactly two options", type=self.name))
        return problems


class Scenario(SingleChoice):
    """A single choice read after a case narrative (`scenario:`)."""

    name = "scenario"
    needs_scenario = True


class Matching(QuestionType):
    """Each prompt gets one choice; right only when every pair is matched (no partial credit).

    The answer is one choice index per pair, in pair order; its order is the answer.
    """

    name = "matching"
    uses_pairs = True

    def option_problems(self, correct_count: int, option_count: int) -> list[Msg]:
        return []  # the pairs are validated where they are read (quiz_matching.py)

    def normalise_answer(self, raw: Iterable[int]) -> Answer:
        return tuple(raw)

    def correct_answer(self, question: QuestionDoc) -> Answer:
        return question.answer_indexes

    def answer_count(self, option_count: int, pair_count: int = 0) -> int:
        """Each prompt's list offers every choice: choices ** prompts ways to answer."""
        return option_count**pair_count

    def is_correct(self, correct: Collection[int], chosen: Collection[int]) -> bool:
        # A set has lost which answer goes with which prompt: marking it would be a guess.
        if isinstance(correct, Set):
            raise TypeError("a matching answer key is one index per pair, in pair order")
        return tuple(chosen) == tuple(correct)


QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (SingleChoice(), MultipleChoice(), TrueFalse(), Scenario(), Matching())
}
