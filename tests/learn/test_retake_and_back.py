"""A retake after a pass, and the browser's back button after a submit: the page always says
which attempt it shows, and nothing is recorded that the learner did not send on purpose."""

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, Completion
from tests.learn.quiz_answers import SAMPLE_RIGHT, SAMPLE_WRONG
from tests.login import log_in

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
RIGHT = SAMPLE_RIGHT
WRONG = SAMPLE_WRONG


@pytest.fixture
def learner(app, runner, users):
    """A learner of the fixture module `sample` (two sections; its quiz allows 2 attempts)."""
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("retaker", audience="commissioner")
    client = app.test_client()
    log_in(client, "retaker")
    html = client.get("/modules/sample").get_data(as_text=True)
    for key in re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html):
        client.post(f"/modules/sample/sections/{key}/read")
    return client


def _attempt(html: str) -> str:
    return re.search(r'name="attempt" value="(\d+)"', html).group(1)


def _send(client, answers):
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    return client.post("/modules/sample/quiz", data={"attempt": _attempt(page), **answers})


def _counts(app):
    with app.app_context():
        submitted = db.session.scalar(
            sa.select(sa.func.count(Attempt.id)).where(Attempt.state == "submitted")
        )
        completions = db.session.scalar(sa.select(sa.func.count(Completion.id)))
    return submitted, completions


def test_a_failed_retake_after_a_pass_says_the_module_stays_completed(app, users, runner):
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("keen", audience="commissioner")
    client = app.test_client()
    log_in(client, "keen")
    html = client.get("/modules/sample").get_data(as_text=True)
    for key in re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html):
        client.post(f"/modules/sample/sections/{key}/read")
    # The fixture's quiz allows two attempts: pass, then fail the second.
    passed = client.get(_send(client, RIGHT).headers["Location"]).get_data(as_text=True)
    assert "この単元を修了しました。" in passed
    assert "確認テストにもう一度挑戦する" in passed  # one attempt is left

    quiz = client.get("/modules/sample/quiz").get_data(as_text=True)
    assert "これは新しい挑戦（2回目）です。" in quiz
    assert "この単元はすでに修了しています。もう一度挑戦しても、修了はそのままです。" in quiz

    result = client.post("/modules/sample/quiz", data={"attempt": _attempt(quiz), **WRONG})
    html = client.get(result.headers["Location"]).get_data(as_text=True)
    assert "今回の得点：0%" in html
    assert "今回は合格点に届きませんでした" in html
    assert "この単元は修了したままです。" in html
    assert re.search(r"<dt>最高得点</dt><dd>100%</dd>", html)
    assert re.search(r"<dt>修了日</dt><dd>令和\d+年\d+月\d+日（\d{4}-\d{2}-\d{2}）</dd>", html)
    assert "修了証をダウンロード（PDF）" in html
    # Not the words of a learner who has never passed, nor the words of this pass.
    assert "まだ合格ではありません" not in html and "この単元を修了しました。" not in html
    # Both attempts are used: no button to try again, and the page says why.
    assert 'href="/modules/sample/quiz"' not in html
    assert "この確認テストに挑戦できる回数は残っていません。" in html
    assert _counts(app) == (2, 1)


def test_a_failed_retake_offers_another_try_while_attempts_are_left(client, auth, demo):
    from app.seed.demo import DEMO_PASSWORD
    from tests.certificates.test_certificates import _complete
    from tests.learn.quiz_answers import wrong_answers

    auth.login("commissioner", DEMO_PASSWORD)
    module = demo.modules[0]  # its quiz has no attempt limit
    _complete(client, demo, module)
    page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    failed = client.post(
        f"/modules/{module.slug}/quiz",
        data=wrong_answers(demo.quiz_for(module.slug), _attempt(page)),
    )
    html = client.get(failed.headers["Location"]).get_data(as_text=True)
    assert "今回の得点：0%" in html and "この単元は修了したままです。" in html
    button = f'<a class="button button--primary" href="/modules/{module.slug}/quiz">'
    assert button + "もう一度挑戦する</a>" in html


def test_the_quiz_page_is_never_cached_and_never_refilled_by_the_browser(learner):
    response = learner.get("/modules/sample/quiz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'class="quiz" autocomplete="off"' in response.get_data(as_text=True)
    refused = learner.post("/modules/sample/quiz", data={"attempt": _attempt(response.text)})
    assert refused.status_code == 422 and refused.headers["Cache-Control"] == "no-store"


def test_sending_a_submitted_attempts_form_again_starts_nothing_and_says_so(app, learner):
    page = learner.get("/modules/sample/quiz").get_data(as_text=True)
    first = learner.post("/modules/sample/quiz", data={"attempt": _attempt(page), **WRONG})
    # The old page, from the back button, sent again with other answers.
    again = learner.post("/modules/sample/quiz", data={"attempt": _attempt(page), **RIGHT})
    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    html = learner.get(again.headers["Location"]).get_data(as_text=True)
    assert "この答えはすでに送信されています。新しい挑戦は始まっていません。" in html
    assert "今回の得点：0%" in html
    assert _counts(app) == (1, 0)


def test_going_back_to_the_quiz_after_a_submit_gives_a_fresh_attempt_and_says_so(app, learner):
    page = learner.get("/modules/sample/quiz").get_data(as_text=True)
    assert "これは新しい挑戦" not in page  # the first attempt needs no such note
    sent = learner.post("/modules/sample/quiz", data={"attempt": _attempt(page), **WRONG})
    back = learner.get("/modules/sample/quiz").get_data(as_text=True)
    assert _attempt(back) != _attempt(page)
    assert "これは新しい挑戦（2回目）です。</strong> 答えはまだ何も選ばれていません。" in back
    assert "前回の答えは送信済みで、得点は0%でした。" in back
    assert f'href="{sent.headers["Location"]}">前回の結果を見る</a>' in back
    assert " checked" not in back
    assert _counts(app) == (1, 0)
