"""Question types: how each is validated and marked. New types plug into QUESTION_TYPES."""

from collections.abc import Collection


class QuestionType:
    name = ""
    multiple_answers = False  # checkboxes rather than radio buttons
    needs_scenario = False

    def option_problems(self, correct_count: int, option_count: int) -> list[str]:
        problems = []
        if option_count < 2:
            problems.append("a question needs at least two options")
        if correct_count == 0:
            problems.append("no option is marked correct")
        return problems

    def is_correct(self, correct: frozenset[int], chosen: Collection[int]) -> bool:
        return frozenset(chosen) == correct


class SingleChoice(QuestionType):
    name = "single"

    def option_problems(self, correct_count: int, option_count: int) -> list[str]:
        problems = super().option_problems(correct_count, option_count)
        if correct_count > 1:
            problems.append(f"a '{self.name}' question has exactly one correct option")
        return problems


class MultipleChoice(QuestionType):
    """Marked right only when exactly the correct set is chosen ("choose all that apply")."""

    name = "multiple"
    multiple_answers = True


class TrueFalse(SingleChoice):
    name = "true_false"

    def option_problems(self, correct_count: int, option_count: int) -> list[str]:
        problems = super().option_problems(correct_count, option_count)
        if option_count != 2:
            problems.append("a 'true_false' question has exactly two options")
        return problems


class Scenario(SingleChoice):
    """A single choice read after a case narrative (`scenario:`)."""

    name = "scenario"
    needs_scenario = True


QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind for kind in (SingleChoice(), MultipleChoice(), TrueFalse(), Scenario())
}
