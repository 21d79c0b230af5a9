"""Re-certification as the learner sees it: a marked new version expires older completions,
and reading and passes from before it no longer count; an unmarked one asks nothing again."""

import re
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Completion, Module, ModuleVersion, SectionRead, User
from tests.learn.new_versions import (
    CHANGE_NOTE,
    FIXTURE,
    load_changed_sample,
    publish_marked_sample,
)
from tests.learn.quiz_answers import SAMPLE_RIGHT, SAMPLE_WRONG
from tests.login import log_in
from tests.reports.learner_actions import complete_sample

RIGHT = SAMPLE_RIGHT
WRONG = SAMPLE_WRONG


@pytest.fixture
def learner(app, runner, users):
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    users("hanako", audience="commissioner", display_name="民生 花子")
    return "hanako"


def _read_buttons(html: str) -> list[str]:
    return re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html)


def _take_quiz(client, answers) -> str:
    page = client.get("/modules/sample/quiz")
    assert page.status_code == 200
    attempt = re.search(r'name="attempt" value="(\d+)"', page.get_data(as_text=True)).group(1)
    response = client.post("/modules/sample/quiz", data={"attempt": attempt, **answers})
    assert response.status_code == 302
    return response.headers["Location"]


def _completions(app, username="hanako"):
    with app.app_context():
        return db.session.execute(
            sa.select(ModuleVersion.number, Completion.certificate_code)
            .join(ModuleVersion, Completion.module_version_id == ModuleVersion.id)
            .join(User, Completion.user_id == User.id)
            .where(User.username == username)
            .order_by(Completion.completed_at)
        ).all()


def test_a_completion_of_version_1_expires_after_a_marked_version_2_and_is_made_again_on_it(
    app, client, runner, tmp_path, learner
):
    log_in(client, learner)
    complete_sample(client)
    [(number, old_code)] = _completions(app)
    assert number == 1

    assert publish_marked_sample(app, runner, tmp_path) == 2

    curriculum = client.get("/modules")
    html = curriculum.get_data(as_text=True)
    assert curriculum.status_code == 200
    assert "要再受講" in html
    assert "この単元は内容が更新されました。もう一度受講してください" in html
    assert CHANGE_NOTE in html
    assert "もう一度受講する：テスト用の単元" in html  # the next step offered
    assert "2単元のうち0単元を修了しました" in html

    page = client.get("/modules/sample").get_data(as_text=True)
    assert "この単元は内容が更新されました。もう一度受講してください" in page
    assert CHANGE_NOTE in page
    assert "各セクションをもう一度読んで「読みました」を押し、確認テストにもう一度合格" in page
    assert "（改訂で追記しました。）" in page  # version 2 is what they read
    assert len(_read_buttons(page)) == 2, "the earlier reading no longer counts"
    assert "この単元を修了しました" not in page
    # The old completion and its certificate stay, as history.
    assert f'href="/certificates/{old_code}.pdf"' in page
    assert client.get(f"/certificates/{old_code}.pdf").status_code == 200
    assert old_code in client.get("/certificates").get_data(as_text=True)

    complete_sample(client)
    assert [n for n, _code in _completions(app)] == [1, 2]  # the old row is kept
    done = client.get("/modules/sample").get_data(as_text=True)
    assert "この単元を修了しました" in done
    assert "もう一度受講してください" not in done
    assert _read_buttons(done) == []
    listing = client.get("/modules").get_data(as_text=True)
    assert "要再受講" not in listing and "もう一度受講してください" not in listing
    assert "2単元のうち1単元を修了しました" in listing


def test_reading_and_passes_from_before_the_marked_version_do_not_count(
    app, client, runner, tmp_path, learner
):
    log_in(client, learner)
    # Version 1: one section read, the quiz failed once and then passed: both attempts used.
    first_key = _read_buttons(client.get("/modules/sample").get_data(as_text=True))[0]
    client.post(f"/modules/sample/sections/{first_key}/read")
    _take_quiz(client, WRONG)
    old_pass = _take_quiz(client, RIGHT)
    assert client.get("/modules/sample/quiz").status_code == 403  # no attempts left
    assert "確認テストに合格しました" in client.get("/modules/sample").get_data(as_text=True)

    publish_marked_sample(app, runner, tmp_path)

    page = client.get("/modules/sample").get_data(as_text=True)
    assert len(_read_buttons(page)) == 2, "the read on version 1 does not count"
    assert "確認テストに合格しました" not in page
    assert "確認テストを受ける" in page
    listing = client.get("/modules").get_data(as_text=True)
    assert "はじめる：テスト用の単元" in listing, "nothing that counts has been done yet"
    result = client.get(old_pass).get_data(as_text=True)
    assert "合格です" in result  # what happened stays true
    assert "単元が更新される前のものなので、修了には数えられません" in result

    # Reading everything again is not enough: the old pass does not count.
    for key in _read_buttons(page):
        client.post(f"/modules/sample/sections/{key}/read")
    assert len(_completions(app)) == 0
    with app.app_context():
        v2 = db.session.scalar(sa.select(Module.current_version_id).where(Module.slug == "sample"))
        reread = db.session.scalar(
            sa.select(SectionRead).where(SectionRead.section_key == unquote(first_key))
        )
        assert reread.module_version_id == v2, "reading again renews the read"
        assert db.session.scalar(sa.select(sa.func.count(SectionRead.id))) == 2

    # The quiz's attempts start afresh, and a pass now completes the module on version 2.
    quiz = client.get("/modules/sample/quiz").get_data(as_text=True)
    assert "残りの受験回数（今回を含む）：2回" in quiz
    shown = client.get(_take_quiz(client, RIGHT)).get_data(as_text=True)
    assert "この単元を修了しました" in shown
    assert [n for n, _code in _completions(app)] == [2]


def test_an_unmarked_new_version_asks_nothing_again(app, client, runner, tmp_path, learner):
    log_in(client, learner)
    complete_sample(client)
    load_changed_sample(runner, tmp_path)  # version 2, not marked

    page = client.get("/modules/sample")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "（改訂で追記しました。）" in html
    assert "この単元を修了しました" in html
    assert _read_buttons(html) == []
    assert "もう一度受講" not in html and "要再受講" not in html
    listing = client.get("/modules").get_data(as_text=True)
    assert "2単元のうち1単元を修了しました" in listing and "要再受講" not in listing
    assert [n for n, _code in _completions(app)] == [1]


def test_only_the_latest_marked_version_counts_from(app, client, runner, tmp_path, learner):
    """v2 marked, completed on v2, then v3 unmarked: the v2 completion still counts; then v4
    marked: it expires."""
    log_in(client, learner)
    complete_sample(client)
    publish_marked_sample(app, runner, tmp_path, "（第2版）")
    complete_sample(client)
    load_changed_sample(runner, tmp_path, "（第3版）")
    assert "この単元を修了しました" in client.get("/modules/sample").get_data(as_text=True)
    publish_marked_sample(app, runner, tmp_path, "（第4版）")
    html = client.get("/modules/sample").get_data(as_text=True)
    assert "もう一度受講してください" in html and "（第4版）" in html
