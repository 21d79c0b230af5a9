"""Completions and attempts as xAPI statements, for organisations that keep a learning record store.

Statement ids are derived from our own ids (UUID v5), so exporting twice gives the same ids and
an LRS can drop the duplicates.
"""

import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import sqlalchemy as sa

from app.content.question_types import QUESTION_TYPES
from app.content.scoring import AnswerKey, answer_key
from app.extensions import db
from app.models import Attempt, Completion, Module, ModuleVersion, Question
from app.services.learning.attempts import question_doc
from app.services.reporting.filters import Learner
from app.vocabulary import AttemptState

XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("6f1c1e2a-5d8e-4b7f-9a43-1f0c0d9b7e21")
VERBS = {
    name: {"id": f"http://adlnet.gov/expapi/verbs/{name}", "display": {"en-US": name}}
    for name in ("completed", "passed", "failed", "answered")
}
MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"


def _timestamp(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def actor(learner: Learner, home_page: str) -> dict:
    return {
        "objectType": "Agent",
        "name": learner.display_name,
        "account": {"homePage": home_page, "name": learner.username},
    }


def module_activity(base_url: str, slug: str, title: str) -> dict:
    return {
        "objectType": "Activity",
        "id": f"{base_url}/modules/{slug}",
        "definition": {"name": {"ja-JP": title}, "type": MODULE_TYPE},
    }


def _score(percent: int | None) -> dict:
    if percent is None:
        return {}
    return {"score": {"scaled": round(percent / 100, 4), "raw": percent, "min": 0, "max": 100}}


def statement(
    kind: str,
    key: str,
    who: dict,
    verb: str,
    obj: dict,
    when: datetime,
    result: dict | None = None,
    context: dict | None = None,
) -> dict:
    body = {
        "id": str(uuid.uuid5(NAMESPACE, f"{kind}:{key}")),
        "actor": who,
        "verb": VERBS[verb],
        "object": obj,
        "timestamp": _timestamp(when),
        "version": XAPI_VERSION,
    }
    if result:
        body["result"] = result
    if context:
        body["context"] = context
    return body


def statements_for(learners: Iterable[Learner], base_url: str) -> Iterator[dict]:
    """Every completion, every submitted attempt and each answer in it, for `learners`.

    Four queries, whatever the number of learners.
    """
    people = {learner.id: learner for learner in learners}
    if not people:
        return
    ids = list(people)
    titles = {
        module_id: (slug, title)
        for module_id, slug, title in db.session.execute(
            sa.select(Module.id, Module.slug, ModuleVersion.title).join(
                ModuleVersion, Module.current_version_id == ModuleVersion.id
            )
        )
    }
    for completion in db.session.scalars(
        sa.select(Completion).where(Completion.user_id.in_(ids)).order_by(Completion.id)
    ):
        slug, title = titles[completion.module_id]
        yield statement(
            "completion",
            str(completion.id),
            actor(people[completion.user_id], base_url),
            "completed",
            module_activity(base_url, slug, title),
            completion.completed_at,
            {"completion": True, **_score(completion.score)},
        )

    attempts = db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id.in_(ids), Attempt.state == AttemptState.SUBMITTED)
        .order_by(Attempt.id)
    ).all()
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(
        sa.select(Question)
        .where(Question.quiz_version_id.in_({a.quiz_version_id for a in attempts}))
        .order_by(Question.position)
    ):
        questions.setdefault(question.quiz_version_id, []).append(question)
    for attempt in attempts:
        assert attempt.submitted_at is not None  # submitting sets it, in the same UPDATE
        slug, title = titles[attempt.module_id]
        who = actor(people[attempt.user_id], base_url)
        module = module_activity(base_url, slug, title)
        yield statement(
            "attempt",
            str(attempt.id),
            who,
            "passed" if attempt.passed else "failed",
            module,
            attempt.submitted_at,
            {"success": bool(attempt.passed), **_score(attempt.score)},
        )
        for question in questions.get(attempt.quiz_version_id, []):
            chosen = (attempt.answers or {}).get(question.key, [])
            key = answer_key(question_doc(question))
            right = QUESTION_TYPES[question.type].is_correct(key.correct, chosen)
            yield statement(
                "answer",
                f"{attempt.id}:{question.key}",
                who,
                "answered",
                {
                    "objectType": "Activity",
                    "id": f"{base_url}/modules/{slug}/quiz/questions/{question.key}",
                    "definition": {
                        "name": {"ja-JP": question.prompt[:200]},
                        "type": QUESTION_TYPE,
                        **interaction(question, key),
                    },
                },
                attempt.submitted_at,
                {"success": right, "response": response(question, chosen)},
                {"contextActivities": {"parent": [module]}},
            )


def _described(items: Iterable[tuple[int, str]]) -> list[dict]:
    return [{"id": str(i), "description": {"ja-JP": text}} for i, text in items]


def interaction(question: Question, key: AnswerKey) -> dict:
    """The interaction's type, its components and the right response (xAPI 1.0.3 §2.4.4.1).

    Choice questions are "choice" (response: option ids joined by `[,]`); matching is
    "matching", with the prompts as `source` and the choices as `target`, and a response of
    `prompt[.]choice` pairs joined by `[,]`.
    """
    if question.pairs:
        return {
            "interactionType": "matching",
            "source": _described((i, pair["prompt"]) for i, pair in enumerate(question.pairs)),
            "target": _described((i, option["text"]) for i, option in enumerate(question.options)),
            "correctResponsesPattern": [response(question, list(key.correct))],
        }
    return {
        "interactionType": "choice",
        "choices": _described((i, option["text"]) for i, option in enumerate(question.options)),
        "correctResponsesPattern": ["[,]".join(str(i) for i in sorted(key.correct))],
    }


def response(question: Question, chosen: list[int]) -> str:
    """A learner's answer in the interaction's response format."""
    if question.pairs:
        return "[,]".join(f"{prompt}[.]{choice}" for prompt, choice in enumerate(chosen))
    return "[,]".join(str(i) for i in chosen)
