"""A group session must see the same order: the file's, unless the quiz says shuffle."""

import re
import shutil
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt
from tests.learn.quiz_answers import SAMPLE_RIGHT
from tests.login import log_in

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


def _question_order(html):
    return re.findall(r'<fieldset class="question[^"]*" id="q-([^"]+)"', html)


def _option_order(html, key):
    return re.findall(rf'name="q-{key}" value="(\d+)"', html)


def _load(runner, root):
    result = runner.invoke(args=["content", "load", "--root", str(root)])
    assert result.exit_code == 0, result.output


def test_without_shuffle_the_page_keeps_the_files_order(client, runner, users):
    _load(runner, FIXTURE)
    users("reader", audience="center")
    log_in(client, "reader")
    html = client.get("/modules/sample/quiz").get_data(as_text=True)
    assert _question_order(html) == ["first", "second", "third", "fourth", "window-and-role"]
    assert _option_order(html, "second") == ["0", "1", "2"]


def test_a_shuffled_quiz_keeps_each_learners_order_and_marks_by_meaning(
    app, client, runner, users, tmp_path
):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "sample.yaml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("shuffle: false", "shuffle: true"),
        encoding="utf-8",
    )
    _load(runner, root)
    users("shuffled", audience="center")
    log_in(client, "shuffled")

    html = client.get("/modules/sample/quiz").get_data(as_text=True)
    assert sorted(_question_order(html)) == [
        "first",
        "fourth",
        "second",
        "third",
        "window-and-role",
    ]
    with app.app_context():
        attempt = db.session.scalar(sa.select(Attempt))
        assert _question_order(html) == attempt.layout["questions"]
        assert _option_order(html, "second") == [
            str(i) for i in attempt.layout["options"]["second"]
        ]
    # The same attempt shows the same order when the page is opened again.
    assert _question_order(client.get("/modules/sample/quiz").get_data(as_text=True)) == (
        _question_order(html)
    )
    response = client.post(
        "/modules/sample/quiz",
        data={
            "attempt": re.search(r'name="attempt" value="(\d+)"', html).group(1),
            **SAMPLE_RIGHT,
        },
    )
    assert "得点：100%" in client.get(response.headers["Location"]).get_data(as_text=True)
