"""A matching question from the file to the learner's page, the score and the result page."""

import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from markupsafe import escape

from app.extensions import db
from app.models import Attempt
from tests.learn.quiz_answers import SAMPLE_MATCHING_RIGHT, SAMPLE_RIGHT
from tests.login import log_in

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
KEY = "window-and-role"
CHOICES = [
    "ひきこもりに特化した専門の相談",
    "就職先をその場で決める窓口",
    "暮らしやお金の困りごとの相談",
    "高齢の方と家族の総合的な相談",
]
PROMPTS = ["地域包括支援センター", "生活困窮者自立相談支援機関", "ひきこもり地域支援センター"]


def _load(runner, root=FIXTURE):
    result = runner.invoke(args=["content", "load", "--root", str(root)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def learner(client, runner, users):
    _load(runner)
    users("matcher", audience="counselor")
    log_in(client, "matcher")
    return client


def _attempt(html):
    return re.search(r'name="attempt" value="(\d+)"', html).group(1)


def _select(html, pair):
    """The options of the pair's <select>: (value, text, selected)."""
    block = re.search(
        rf'<select class="match__choices" name="q-{KEY}-{pair}" '
        rf'id="q-{KEY}-{pair}"[^>]*>(.*?)</select>',
        html,
        re.S,
    ).group(1)
    return [
        (value, text.strip(), bool(selected))
        for value, selected, text in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', block
        )
    ]


def test_each_prompt_is_a_labelled_list_of_the_choices_in_their_one_order(learner):
    html = learner.get("/modules/sample/quiz").get_data(as_text=True)
    for pair, prompt in enumerate(PROMPTS):
        assert f'<label class="match__prompt" for="q-{KEY}-{pair}">{prompt}</label>' in html
        options = _select(html, pair)
        assert options[0] == ("", "答えを選んでください", False)
        assert [(value, text) for value, text, _ in options[1:]] == [
            (str(i), text) for i, text in enumerate(CHOICES)
        ]
    # Nothing on the page tells which choice goes with which prompt.
    assert "高齢の親の介護の相談から" not in html  # a pair's feedback
    assert "data-answer" not in html and "correct" not in html


def test_a_pair_left_blank_asks_again_keeping_every_choice_made(learner, app):
    html = learner.get("/modules/sample/quiz").get_data(as_text=True)
    form = {**SAMPLE_RIGHT, "attempt": _attempt(html), f"q-{KEY}-1": ""}
    response = learner.post("/modules/sample/quiz", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "すべての項目で答えを選んでください。" in page
    assert f'href="#q-{KEY}"' in page  # the error summary links to the question
    assert [selected for _v, _t, selected in _select(page, 0)][4] is True  # choice 3 kept
    assert not any(selected for _v, _t, selected in _select(page, 1))
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.scalar(sa.select(Attempt.state)) == "in_progress"


@pytest.mark.parametrize("bad", ["99", "x", "-1", "４", "1" * 50])
def test_a_value_that_is_no_choice_counts_as_no_answer(learner, bad):
    html = learner.get("/modules/sample/quiz").get_data(as_text=True)
    form = {**SAMPLE_RIGHT, "attempt": _attempt(html), f"q-{KEY}-2": bad}
    assert learner.post("/modules/sample/quiz", data=form).status_code == 422


def test_every_pair_right_scores_the_point_and_is_stored_in_pair_order(learner, app):
    html = learner.get("/modules/sample/quiz").get_data(as_text=True)
    response = learner.post(
        "/modules/sample/quiz", data={**SAMPLE_RIGHT, "attempt": _attempt(html)}
    )
    result = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "得点：100%" in result
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert attempt.answers[KEY] == [3, 2, 0]  # one choice a prompt, not sorted
    item = result.split(PROMPTS[0])[0].rsplit('<li class="review__item">', 1)[-1]
    assert "◯ </span>正解" in item


def test_two_pairs_of_three_is_no_point_and_the_result_says_pair_by_pair(learner):
    html = learner.get("/modules/sample/quiz").get_data(as_text=True)
    # The second prompt gets the extra answer that matches nothing.
    form = {**SAMPLE_RIGHT, "attempt": _attempt(html), f"q-{KEY}-1": "1"}
    response = learner.post("/modules/sample/quiz", data=form)
    result = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "得点：80%" in result  # four of five questions
    review = result.split("それぞれの相談先に、いちばん合う役割を選んでください。")[1]
    review = review.split('<li class="review__item">')[0]
    pairs = review.split('<li class="review__option review__pair')[1:]
    assert len(pairs) == 3
    first, second, third = pairs
    assert "◯ </span>正解" in first and f"あなたの答え：{CHOICES[3]}" in first
    assert escape("高齢の親の介護の相談から、同居する子の状態に気づくことがあります。") in first
    assert "✕ </span>不正解" in second
    assert f"あなたの答え：{CHOICES[1]}" in second and f"正解：{CHOICES[2]}" in second
    assert "家計や住まいの不安は" in second  # the pair's own feedback
    assert "すぐに就職を決める窓口はありません。" in second  # why the extra answer fits none
    assert "◯ </span>正解" in third


def test_a_shuffled_quiz_keeps_the_choices_of_a_matching_question_in_order(
    app, client, runner, users, tmp_path
):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "sample.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("shuffle: false", "shuffle: true"), "utf-8")
    _load(runner, root)
    users("shuffled", audience="center")
    log_in(client, "shuffled")
    html = client.get("/modules/sample/quiz").get_data(as_text=True)
    assert [text for _v, text, _s in _select(html, 0)[1:]] == CHOICES
    response = client.post(
        "/modules/sample/quiz",
        data={**SAMPLE_RIGHT, **SAMPLE_MATCHING_RIGHT, "attempt": _attempt(html)},
    )
    assert "得点：100%" in client.get(response.headers["Location"]).get_data(as_text=True)
