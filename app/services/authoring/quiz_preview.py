"""A quiz's draft as a learner would see it on the quiz page, even while it has problems.

The quiz page lays out stored questions (learn/question.html); the preview hands it the same
shape built from the editor's fields: options in their file order, a matching question's
choices in the one order every learner sees (documents.matching_options).
"""

from typing import NamedTuple

from app.content.documents import MatchPair, Option, QuestionDoc, matching_options
from app.content.question_types import QUESTION_TYPES
from app.services.authoring.fields import QuestionFields, QuizFields


class PreviewQuestion(NamedTuple):
    """What learn/question.html reads of a question shown on the page."""

    question: QuestionDoc
    option_order: list[int]


def _doc(fields: QuestionFields) -> QuestionDoc:
    kind = QUESTION_TYPES.get(fields.type)
    if kind is not None and kind.uses_pairs:
        pairs = tuple(MatchPair(p.prompt, p.answer, p.feedback) for p in fields.pairs)
        extras = tuple(Option(d.text, False, d.feedback) for d in fields.distractors)
        options = matching_options(pairs, extras)
    else:
        pairs = ()
        options = tuple(Option(o.text, o.correct, o.feedback) for o in fields.options)
    return QuestionDoc(
        key=fields.id,
        type=fields.type,
        prompt=fields.prompt,
        options=options,
        explanation=fields.explanation,
        source=fields.source,
        scenario=fields.scenario or None,
        pairs=pairs,
    )


def preview_quiz(fields: QuizFields) -> list[PreviewQuestion]:
    """The questions in the file's order, as the quiz page shows them (unshuffled)."""
    shown = []
    for question in fields.questions:
        doc = _doc(question)
        shown.append(PreviewQuestion(doc, list(range(len(doc.options)))))
    return shown
