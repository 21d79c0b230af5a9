"""The browser's GIFT import, as the page will call it: a preview of every question and every
problem, then "add to the quiz's draft", where incomplete questions are allowed, flagged."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Module, QuizVersion, User
from app.services.authoring import drafts, gift

GIFT = Path(__file__).parent.parent / "fixtures" / "gift"


def _read(name):
    return (GIFT / name).read_bytes().decode("utf-8-sig")


@pytest.fixture
def context(app, authoring):
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "sample"))
        kato = db.session.scalar(sa.select(User).where(User.username == "kato"))
        yield module, kato


def test_the_preview_lists_every_question_and_problem_and_saves_nothing(context):
    module, _kato = context
    plan = gift.plan_import(module, "true-false.gift", _read("true-false.gift"))
    assert [q.key for q in plan.added] == [
        "six-months",
        "state-not-illness",
        "short-true",
        "long-false",
    ]
    assert plan.refused  # from the command line: two questions lack what Yorisoi needs
    assert any("true-false.gift:9: missing: question 'long-false'" in m for m in plan.messages())
    assert drafts.draft_of(module) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizVersion)) == 1


def test_incomplete_questions_go_into_the_draft_flagged_beside_their_fields(context):
    module, kato = context
    draft = drafts.start_draft(module, kato)
    plan = gift.add_to_draft(
        draft, module, kato, draft.revision, "t.gift", _read("true-false.gift")
    )
    assert len(plan.added) == 4
    check = drafts.check_draft(draft)
    assert not check.publishable
    fields = {p.field for p in check.problems}
    # short-true is the 8th question (index 7): no explanation, no source, no feedback.
    assert {"questions-7-explanation", "questions-7-source"} <= fields
    assert "questions-7-options-0-feedback" in fields
    keys = [q.id for q in drafts.draft_fields(draft).quiz.questions]
    assert keys[-4:] == ["six-months", "state-not-illness", "short-true", "long-false"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "gift.import"))
    assert event.details["questions"] == keys[-4:] and event.details["revision"] == 2
    # Nothing is published until the trainer publishes the draft.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizVersion)) == 1


def test_a_broken_file_or_unsupported_questions_are_refused_and_stale_drafts_too(context):
    module, kato = context
    draft = drafts.start_draft(module, kato)
    for name, skip in (("broken/unclosed-brace.gift", False), ("unsupported.gift", False)):
        with pytest.raises(gift.GiftRefused) as refused:
            gift.add_to_draft(
                draft, module, kato, draft.revision, name, _read(name), skip_unsupported=skip
            )
        assert refused.value.plan.messages()
    assert draft.revision == 1
    kept = gift.add_to_draft(
        draft, module, kato, 1, "u.gift", _read("unsupported.gift"), skip_unsupported=True
    )
    assert [q.key for q in kept.added] == ["kept"]
    with pytest.raises(drafts.StaleDraft):
        gift.add_to_draft(draft, module, kato, 1, "c.gift", _read("choice.gift"))
