"""A certificate means the learner understood: no quiz can be passed on surface cues.

Each rule here was broken by the first draft of the curriculum (always the first option, the
longest option, absolute words in false statements, scenarios copied from the module), and
each test names the quiz and the question that breaks it.
"""

import re
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path

import pytest

from app.content import load_library
from app.content.blind_strategies import ABSOLUTE_WORDS, analyse_quiz

ROOT = Path(__file__).parents[2]
LIBRARY = load_library(ROOT)
QUIZZES = {quiz.path: quiz for quiz in LIBRARY.quizzes}
MODULES = {module.slug: module for module in LIBRARY.modules}
# Long enough for a 360 px phone to show an option in two or three lines.
OPTION_LIMIT = 60
# A run this long shared with the module is a copied example, not a new situation.
COPIED_RUN = 30


def _body(slug: str) -> str:
    return MODULES[slug].source_text.split("\n---\n", 1)[1]


def _length(text: str) -> int:
    return len(re.sub(r"\s", "", text))


@pytest.mark.parametrize("path", QUIZZES)
def test_no_blind_strategy_passes_the_quiz(path):
    report = analyse_quiz(QUIZZES[path])
    assert not report.passes_blind, f"{path}: {report.best.percent}% by {report.best.strategy}"
    assert report.warnings() == [], path


@pytest.mark.parametrize("path", QUIZZES)
def test_options_are_short_enough_for_a_phone(path):
    long = [
        (question.key, option.text)
        for question in QUIZZES[path].questions
        for option in question.options
        if _length(option.text) > OPTION_LIMIT
    ]
    assert long == [], path


@pytest.mark.parametrize("path", QUIZZES)
def test_questions_are_new_situations_not_the_modules_own_examples(path):
    quiz = QUIZZES[path]
    body = _body(quiz.module_slug)
    for question in quiz.questions:
        for text in [question.scenario or "", question.prompt, *(o.text for o in question.options)]:
            match = SequenceMatcher(None, text, body, autojunk=False).find_longest_match(
                0, len(text), 0, len(body)
            )
            assert match.size < COPIED_RUN, (path, question.key, text[match.a : match.a + 40])


def test_no_question_is_asked_in_two_quizzes():
    questions = [
        (
            quiz.path,
            q.key,
            (q.scenario or "") + q.prompt,
            next(o.text for o in q.options if o.correct),
        )
        for quiz in LIBRARY.quizzes
        for q in quiz.questions
    ]
    for (path1, key1, ask1, right1), (path2, key2, ask2, right2) in combinations(questions, 2):
        if path1 == path2:
            continue
        assert SequenceMatcher(None, ask1, ask2).ratio() < 0.7, (path1, key1, path2, key2)
        if _length(right1) > 8:
            assert right1 != right2, (path1, key1, path2, key2)


def test_absolute_words_do_not_tell_true_from_false():
    statements = {True: [], False: []}
    for quiz in LIBRARY.quizzes:
        for q in quiz.questions:
            if q.type == "true_false":
                is_true = q.options[min(q.correct_indexes)].text.startswith("正しい")
                statements[is_true].append(any(w in q.prompt for w in ABSOLUTE_WORDS))
    shares = {kind: sum(found) / len(found) for kind, found in statements.items() if found}
    assert set(shares) == {True, False}, "true/false questions with both answers"
    assert abs(shares[True] - shares[False]) <= 0.25, shares


def test_one_phrase_is_not_said_the_same_way_over_and_over():
    # 「意欲が下がったり、状態が悪くなったりするおそれ」 and its variants.
    phrase = re.compile(r"意欲.{0,8}(下が|低下|失|なくな).{0,15}(悪化|悪くな|こじれ)")
    texts = [m.source_text for m in LIBRARY.modules] + [q.source_text for q in LIBRARY.quizzes]
    assert sum(len(phrase.findall(text)) for text in texts) <= 5


def test_the_unit_has_one_name():
    # The interface says 単元; the text never calls it something else.
    for item in [*LIBRARY.modules, *LIBRARY.quizzes]:
        assert "モジュール" not in item.source_text, item.path
