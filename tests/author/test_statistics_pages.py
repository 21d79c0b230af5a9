"""Trainers read question statistics of first attempts; nobody else can."""

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, Module, User
from app.services.reporting.question_statistics import first_attempt_answers, statistics_for_quiz
from tests.learn.quiz_answers import SAMPLE_RIGHT, SAMPLE_WRONG, STORED_RIGHT, STORED_WRONG
from tests.login import log_in
from tests.query_counter import count_queries

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
START = datetime(2025, 4, 1, 10, 0)

ALL_RIGHT = STORED_RIGHT
ALL_WRONG = STORED_WRONG


@pytest.fixture
def people(app, runner, users):
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    users("learner1")
    users("learner2")
    users("learner3")
    users("trainer", role="trainer", audience=None)
    users("boss", role="admin", audience=None, organisation="千代田区")
    with app.app_context():
        # Read in English, so that assertions do not depend on the Japanese catalogue.
        for name in ("trainer", "boss"):
            db.session.scalar(sa.select(User).where(User.username == name)).locale = "en"
        db.session.commit()
    return users


def _login(client, username):
    log_in(client, username)


def _record(app, username, answers, minutes=0, state="submitted"):
    """Insert an attempt on the current version of the 'sample' quiz."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        module = db.session.scalar(sa.select(Module).where(Module.slug == "sample"))
        attempt = Attempt(
            user_id=user.id,
            module_id=module.id,
            quiz_version_id=module.quiz.current_version_id,
            state=state,
            answers=answers if state == "submitted" else None,
            submitted_at=START + timedelta(minutes=minutes) if state == "submitted" else None,
        )
        db.session.add(attempt)
        db.session.commit()
        return attempt.id


def _submit_through_the_quiz(client, form):
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page).group(1)
    response = client.post("/modules/sample/quiz", data={"attempt": attempt, **form})
    assert response.status_code == 302


def _option_row(html, text):
    """The cells after an option's row header: answer key, chosen by, feedback."""
    row = re.search(rf"<th scope=\"row\">{re.escape(text)}</th>(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]


@pytest.mark.parametrize("path", ["/author/statistics", "/author/statistics/sample"])
@pytest.mark.parametrize(
    ("username", "status"), [("learner1", 403), ("trainer", 200), ("boss", 200)]
)
def test_only_trainers_and_admins_may_read_statistics(client, people, path, username, status):
    _login(client, username)
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", ["/author/statistics", "/author/statistics/sample"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, people, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_module_without_a_quiz_or_an_unknown_one_is_not_found(client, people):
    _login(client, "trainer")
    assert client.get("/author/statistics/commissioners-only").status_code == 404
    assert client.get("/author/statistics/no-such-module").status_code == 404


def test_the_menu_links_trainers_to_authoring_which_links_to_the_statistics(client, people):
    _login(client, "learner1")
    page = client.get("/modules")
    assert page.status_code == 200 and 'href="/author' not in page.get_data(as_text=True)
    client.post("/logout")
    _login(client, "trainer")
    assert 'href="/author/"' in client.get("/directory").get_data(as_text=True)
    assert 'href="/author/statistics"' in client.get("/author/").get_data(as_text=True)


def test_the_page_shows_each_option_with_its_count_and_feedback(app, client, people):
    _record(app, "learner1", ALL_RIGHT)
    _record(app, "learner2", {**ALL_RIGHT, "first": [1], "second": [0]})
    _record(app, "learner3", {**ALL_RIGHT, "second": [0, 1, 2]})
    _login(client, "trainer")
    html = client.get("/author/statistics/sample").get_data(as_text=True)
    assert "First attempts: 3" in html
    assert _option_row(html, "正しい答え") == ["◯ Correct answer", "2 (67%)", "正しい理由です。"]
    assert _option_row(html, "誤った答え") == ["✕ Not right", "1 (33%)", "誤っている理由です。"]
    assert _option_row(html, "選ぶべきもの1")[1] == "3 (100%)"
    assert _option_row(html, "選ばないもの")[1:] == ["1 (33%)", "選ばない理由"]
    # 'third': everyone right, no discrimination; a guess gets one of its two options.
    third = html.split("「6か月たつまでは支援しない」")[1].split("</section>")[0]
    assert re.search(
        r"<dd>100\.0%</dd>\s*<dt>Random guess score</dt>\s*<dd>50\.0%</dd>\s*"
        r"<dt>Discrimination</dt>\s*<dd>—</dd>",
        third,
    )
    # Three learners are too few to call anything too easy.
    assert "Too easy" not in html and "Too hard" not in html
    assert "Not enough answers yet to flag questions (3)." in third
    assert html.count("Not enough answers yet to flag questions (3).") == 1 + 5  # page, each


def _learners(people, app, count, answers):
    for number in range(count):
        people(f"many{number}")
        _record(app, f"many{number}", answers)


def test_from_twenty_first_attempts_questions_are_flagged(app, client, people):
    _learners(people, app, 19, ALL_RIGHT)
    _login(client, "trainer")
    nineteen = client.get("/author/statistics/sample").get_data(as_text=True)
    assert "Not enough answers yet to flag questions (19)." in nineteen
    assert "Too easy" not in nineteen
    _record(app, "learner1", ALL_RIGHT)
    html = client.get("/author/statistics/sample").get_data(as_text=True)
    assert "Not enough answers yet" not in html
    third = html.split("「6か月たつまでは支援しない」")[1].split("</section>")[0]
    assert "⚠ </span>Too easy" in third
    assert "100.0% answered it right on their first attempt (over 95%)" in third


def test_random_guess_scores_follow_each_question_type(app, client, people):
    _record(app, "learner1", ALL_RIGHT)
    _login(client, "trainer")
    html = client.get("/author/statistics/sample").get_data(as_text=True)
    guesses = re.findall(r"<dt>Random guess score</dt>\s*<dd>([\d.]+%)</dd>", html)
    # single of 2, multiple of 3 (1 in 2³−1), true/false, scenario of 2, matching: 4 choices
    # for each of 3 prompts (1 in 4³).
    assert guesses == ["50.0%", "14.3%", "50.0%", "50.0%", "1.6%"]


def test_only_the_first_attempt_of_each_learner_counts(app, client, people):
    _login(client, "learner1")
    _submit_through_the_quiz(client, SAMPLE_WRONG)
    _submit_through_the_quiz(client, SAMPLE_RIGHT)
    client.post("/logout")
    _login(client, "trainer")
    html = client.get("/author/statistics/sample").get_data(as_text=True)
    assert "First attempts: 1" in html
    assert _option_row(html, "正しい答え")[1] == "0 (0%)"
    assert _option_row(html, "誤った答え")[1] == "1 (100%)"
    assert "Not enough answers yet to flag questions (1)." in html


def test_the_first_attempt_is_the_earliest_submitted_whatever_its_id(app, people):
    _record(app, "learner1", ALL_RIGHT, minutes=30)
    _record(app, "learner1", ALL_WRONG, minutes=5)  # a later row, submitted earlier
    _record(app, "learner1", ALL_RIGHT, minutes=60)
    _record(app, "learner2", ALL_RIGHT, minutes=10)
    _record(app, "learner2", ALL_WRONG, minutes=10)  # same time: the lower id wins
    _record(app, "learner3", None, state="in_progress")
    with app.app_context():
        version_id = statistics_for_quiz("sample").version.id
        assert first_attempt_answers([version_id]) == {version_id: [ALL_WRONG, ALL_RIGHT]}


def test_attempts_on_an_earlier_version_of_the_quiz_are_left_out(
    app, client, runner, people, tmp_path
):
    _record(app, "learner1", ALL_RIGHT)
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    quiz_file = content / "quizzes" / "sample.yaml"
    quiz_file.write_text(
        quiz_file.read_text(encoding="utf-8").replace("正しいものはどれですか。", "正しいものは。"),
        encoding="utf-8",
    )
    result = runner.invoke(args=["content", "load", "--root", str(content)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        quiz = statistics_for_quiz("sample")
        assert quiz.version.number == 2
        assert quiz.attempts == 0
    _login(client, "trainer")
    html = client.get("/author/statistics").get_data(as_text=True)
    row = re.search(r"テスト用の単元</a></th>(.*?)</tr>", html, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)] == [
        "2",
        "0",
        "Not enough answers yet to flag questions (0).",
    ]


def test_the_overview_counts_first_attempts_and_flagged_questions(app, client, people):
    _record(app, "learner1", ALL_RIGHT)
    _record(app, "learner1", ALL_WRONG, minutes=1)
    _learners(people, app, 19, ALL_RIGHT)
    _login(client, "trainer")
    html = client.get("/author/statistics").get_data(as_text=True)
    row = re.search(r"テスト用の単元</a></th>(.*?)</tr>", html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]
    assert cells == ["1", "20", "⚠ 5 of 5 questions"]  # everyone right: all too easy
    assert "民生委員のための単元" not in html  # no quiz, no row


def test_the_number_of_queries_does_not_grow_with_the_learners(app, client, people):
    _login(client, "trainer")

    def queries():
        with app.app_context(), count_queries(db.engine) as counter:
            for path in ("/author/statistics", "/author/statistics/sample"):
                assert client.get(path).status_code == 200
        return counter["n"]

    _record(app, "learner1", ALL_RIGHT)
    few = queries()
    for number in range(10):
        people(f"extra{number}")
        _record(app, f"extra{number}", ALL_WRONG)
        _record(app, f"extra{number}", ALL_RIGHT, minutes=1)
    assert queries() == few


def _pair_row(html, prompt):
    """The cells after a pair's row header: correct answer, matched right by, feedback."""
    row = re.search(rf"<th scope=\"row\">{re.escape(prompt)}</th>(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]


def test_a_matching_question_shows_how_often_each_pair_was_matched(app, client, people):
    _record(app, "learner1", ALL_RIGHT)
    _record(app, "learner2", {**ALL_RIGHT, "window-and-role": [3, 1, 0]})
    _record(app, "learner3", {**ALL_RIGHT, "window-and-role": [0, 2, 0]})
    _login(client, "trainer")
    html = client.get("/author/statistics/sample").get_data(as_text=True)
    matching = html.split("それぞれの相談先に、いちばん合う役割を選んでください。")[1]
    assert re.search(r"<dt>Facility</dt>\s*<dd>33\.3%</dd>", matching)  # only learner1
    assert _pair_row(matching, "地域包括支援センター") == [
        "高齢の方と家族の総合的な相談",
        "2 (67%)",
        "高齢の親の介護の相談から、同居する子の状態に気づくことがあります。",
    ]
    assert _pair_row(matching, "生活困窮者自立相談支援機関")[1] == "2 (67%)"
    assert _pair_row(matching, "ひきこもり地域支援センター")[1] == "3 (100%)"
