"""The trainer's home lists every module with what is published, open drafts and warnings,
in a fixed number of queries."""

import sqlalchemy as sa

from app.extensions import db
from app.models import User
from app.services.authoring import drafts
from app.services.authoring.overview import modules_overview
from tests.query_counter import count_queries


def test_every_module_with_its_quiz_draft_and_warnings(app, authoring):
    with app.app_context():
        kato = db.session.scalar(sa.select(User).where(User.username == "kato"))
        drafts.create_module("brand-new", "新しい単元", kato)
        db.session.commit()
        with count_queries(db.engine) as counter:
            found = modules_overview()
        few = counter["n"]
        assert [o.module.slug for o in found] == ["sample", "commissioners-only", "brand-new"]
        sample, commissioners, new = found
        assert (sample.version.number, sample.quiz_version.number) == (1, 1)
        assert sample.question_count == 5 and sample.draft is None
        assert any("a learner who reads nothing passes" in w for w in sample.warnings)
        assert sample.statistics.attempts == 0 and sample.flagged == 0
        assert commissioners.quiz_version is None and commissioners.warnings == ()
        assert new.version is None and new.draft.created_by.username == "kato"
        for number in range(3):
            drafts.create_module(f"another-{number}", "もう一つ", kato)
        db.session.commit()
        with count_queries(db.engine) as counter:
            assert len(modules_overview()) == 6
        assert counter["n"] == few
