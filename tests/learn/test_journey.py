import re
from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from markupsafe import escape

from app.extensions import db
from app.models import Attempt, Completion, User
from app.seed.demo import DEMO_PASSWORD
from tests.learn.quiz_answers import SAMPLE_WRONG, right_answers, wrong_answers
from tests.login import log_in


def _attempt_id(html: str) -> int:
    return int(re.search(r'name="attempt" value="(\d+)"', html).group(1))


def _modules_for(library, audience):
    return [m for m in library.modules if "all" in m.audiences or audience in m.audiences]


@pytest.mark.parametrize("audience", ["commissioner", "center", "counselor"])
def test_each_demo_learner_completes_their_whole_curriculum(app, client, auth, demo, audience):
    response = auth.login(audience, DEMO_PASSWORD)
    assert response.headers["Location"] == "/modules"

    mine = _modules_for(demo, audience)
    page = client.get("/modules").get_data(as_text=True)
    positions = [page.index(module.title) for module in mine]
    assert positions == sorted(positions), "modules are listed in curriculum order"
    for other in set(demo.modules) - set(mine):
        assert other.title not in page
        assert client.get(f"/modules/{other.slug}").status_code == 404

    for module in mine:
        html = client.get(f"/modules/{module.slug}").get_data(as_text=True)
        assert f'data-resume="{module.sections[0].key}"' in html
        for index, section in enumerate(module.sections):
            response = client.post(f"/modules/{module.slug}/sections/{section.key}/read")
            if index + 1 < len(module.sections):
                nxt = module.sections[index + 1].key
                assert unquote(response.headers["Location"]).endswith(f"#{nxt}")
        quiz = demo.quiz_for(module.slug)
        assert response.headers["Location"] == f"/modules/{module.slug}/quiz"

        page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
        failed = client.post(
            f"/modules/{module.slug}/quiz", data=wrong_answers(quiz, _attempt_id(page))
        )
        shown = client.get(failed.headers["Location"]).get_data(as_text=True)
        assert "まだ合格ではありません" in shown
        for question in quiz.questions:
            chosen = next(o for o in question.options if not o.correct)
            assert escape(chosen.feedback) in shown, (module.slug, question.key)

        page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
        result = client.post(
            f"/modules/{module.slug}/quiz", data=right_answers(quiz, _attempt_id(page))
        )
        assert result.status_code == 302
        shown = client.get(result.headers["Location"]).get_data(as_text=True)
        assert "合格です" in shown
        assert "この単元を修了しました" in shown

    page = client.get("/modules").get_data(as_text=True)
    assert "すべての単元を修了しました" in page
    assert f"{len(mine)}単元のうち{len(mine)}単元を修了しました" in page
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == audience))
        completions = db.session.scalars(
            sa.select(Completion).where(Completion.user_id == user.id)
        ).all()
        assert len(completions) == len(mine)
        assert all(c.score == 100 and c.module_version_id for c in completions)


def test_a_quiz_page_never_contains_answers_or_feedback(client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    for module in _modules_for(demo, "commissioner"):
        quiz = demo.quiz_for(module.slug)
        html = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
        for question in quiz.questions:
            assert question.prompt in html or question.prompt.replace('"', "&#34;") in html
            assert question.explanation not in html
            for option in question.options:
                assert option.feedback not in html
        assert "correct" not in html.lower()


def test_a_failed_quiz_explains_each_answer_and_offers_another_try(app, client, auth, demo):
    module = demo.modules[0]
    quiz = demo.quiz_for(module.slug)
    auth.login("commissioner", DEMO_PASSWORD)
    page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    result = client.post(
        f"/modules/{module.slug}/quiz", data=wrong_answers(quiz, _attempt_id(page))
    )
    html = client.get(result.headers["Location"]).get_data(as_text=True)

    assert "まだ合格ではありません" in html
    assert "得点：0%" in html
    for question in quiz.questions:
        wrong = next(o for o in question.options if not o.correct)
        assert wrong.feedback in html  # why my choice was wrong
        for option in question.options:
            if option.correct:
                assert option.feedback in html  # and why the right one is right
        assert question.explanation in html
        assert f"出典: {question.source}" in html
    assert "もう一度挑戦する" in html

    again = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    assert _attempt_id(again) != _attempt_id(page)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Completion.id))) == 0


def test_unanswered_questions_are_named_and_nothing_is_recorded(app, client, auth, demo):
    module = demo.modules[0]
    quiz = demo.quiz_for(module.slug)
    auth.login("commissioner", DEMO_PASSWORD)
    page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    data = right_answers(quiz, _attempt_id(page))
    skipped = quiz.questions[1].key
    del data[f"q-{skipped}"]
    response = client.post(f"/modules/{module.slug}/quiz", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第2問がまだ答えられていません" in html
    assert f'href="#q-{skipped}"' in html
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count(Attempt.id)).where(Attempt.state == "submitted")
            )
            == 0
        )


def test_reading_state_survives_logout_and_the_module_opens_at_the_next_unread(client, auth, demo):
    module = demo.modules[0]
    auth.login("center", DEMO_PASSWORD)
    client.post(f"/modules/{module.slug}/sections/{module.sections[0].key}/read")
    auth.logout()
    auth.login("center", DEMO_PASSWORD)
    html = client.get(f"/modules/{module.slug}").get_data(as_text=True)
    assert f'data-resume="{module.sections[1].key}"' in html
    assert "このセクションは読了です" in html
    curriculum = client.get("/modules").get_data(as_text=True)
    assert f"続きから：{module.title}" in curriculum


def test_a_module_without_a_quiz_completes_when_every_section_is_read(app, client, users, runner):
    from pathlib import Path

    root = Path(__file__).parent.parent / "fixtures" / "content"
    runner.invoke(args=["content", "load", "--root", str(root)])
    users("solo", audience="commissioner")
    log_in(client, "solo")
    html = client.get("/modules/commissioners-only").get_data(as_text=True)
    key = re.search(r'data-resume="([^"]+)"', html).group(1)
    response = client.post(f"/modules/commissioners-only/sections/{key}/read")
    assert response.headers["Location"].endswith("#done")
    assert "この単元を修了しました" not in html
    done = client.get("/modules/commissioners-only").get_data(as_text=True)
    assert "修了しました" in done


def test_the_attempt_limit_is_enforced(app, client, users, runner):
    from pathlib import Path

    root = Path(__file__).parent.parent / "fixtures" / "content"
    runner.invoke(args=["content", "load", "--root", str(root)])
    users("tries", audience="center")
    log_in(client, "tries")
    for _ in range(2):  # the sample quiz allows two attempts
        page = client.get("/modules/sample/quiz").get_data(as_text=True)
        client.post(
            "/modules/sample/quiz",
            data={"attempt": _attempt_id(page), **SAMPLE_WRONG},
        )
    closed = client.get("/modules/sample/quiz")
    assert closed.status_code == 403
    assert "受験できる回数が残っていません" in closed.get_data(as_text=True)
