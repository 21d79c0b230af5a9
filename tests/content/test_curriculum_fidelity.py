"""The curriculum keeps to the guidebook: figures, sources, and the traps in the source text.

The guidebook's text is kept in tests/fixtures (a public document of the Tokyo Metropolitan
Government), so these tests run anywhere.
"""

import re
from pathlib import Path

import pytest

from app.content import load_library

ROOT = Path(__file__).parents[2]
GUIDEBOOK = (Path(__file__).parents[1] / "fixtures" / "tokyo-hikikomori-guidebook.txt").read_text(
    encoding="utf-8"
)
LIBRARY = load_library(ROOT)
UNITS = r"(?:%|割|万人|人|か所|箇所|か月|ヶ月|カ月|年度|年|日|歳|件|自治体|団体|回)"
FIGURE = re.compile(r"(?<![0-9.,])([0-9][0-9,.]*)\s*(" + UNITS + ")")


# Full-width digits and ％ as ASCII (but not ④, which is a label, not a figure).
WIDE = str.maketrans("０１２３４５６７８９％，．", "0123456789%,.")


def _figures(text: str) -> set[str]:
    """Every number with a unit, spaces between them dropped: 「14 日」 is 「14日」."""
    return {number + unit for number, unit in FIGURE.findall(text.translate(WIDE))}


GUIDEBOOK_FIGURES = _figures(GUIDEBOOK)


def _cites_outside_source(sources) -> bool:
    return any(re.search(r"https?://", s) for s in sources)


def _quiz_text(quiz) -> str:
    return "\n".join(
        " ".join(
            [q.prompt, q.scenario or "", q.explanation]
            + [o.text + " " + o.feedback for o in q.options]
        )
        for q in quiz.questions
    )


FILES = [(m.path, m.source_text, m.sources) for m in LIBRARY.modules] + [
    (q.path, _quiz_text(q), next(m.sources for m in LIBRARY.modules if m.slug == q.module_slug))
    for q in LIBRARY.quizzes
]


@pytest.mark.parametrize(("path", "text", "sources"), FILES, ids=[f[0] for f in FILES])
def test_every_figure_is_in_the_guidebook_or_an_outside_source_is_named(path, text, sources):
    # Only text outside the front matter counts: `minutes: 20` is not a claim.
    body = text.split("\n---\n", 1)[-1] if text.startswith("---") else text
    missing = sorted(_figures(body) - GUIDEBOOK_FIGURES)
    if missing:
        assert _cites_outside_source(sources), f"{path}: not in the guidebook: {missing}"


def test_the_figure_check_can_fail():
    assert _figures("調査では 37.5% でした") == {"37.5%"}
    assert "37.5%" not in GUIDEBOOK_FIGURES
    assert {"22.7%", "2,580人", "6か月", "14日"} <= GUIDEBOOK_FIGURES


def test_every_question_has_a_source_a_correct_option_and_feedback_everywhere():
    for quiz in LIBRARY.quizzes:
        for question in quiz.questions:
            assert question.source.strip(), (quiz.path, question.key)
            assert question.correct_indexes, (quiz.path, question.key)
            assert all(option.feedback.strip() for option in question.options)


def test_every_module_has_a_quiz_of_eight_questions_with_two_scenarios_and_a_mix():
    for module in LIBRARY.modules:
        quiz = LIBRARY.quiz_for(module.slug)
        assert quiz is not None, module.slug
        types = [q.type for q in quiz.questions]
        assert len(types) >= 8, module.slug
        assert types.count("scenario") >= 2, module.slug
        assert {"single", "multiple", "true_false"} <= set(types), module.slug


def test_every_module_has_its_shape():
    for module in LIBRARY.modules:
        assert 3 <= len(module.sections) <= 6, module.slug
        assert module.sections[-1].title == "ポイント", module.slug
        assert 3 <= len(module.objectives) <= 5, module.slug
        assert 'class="admonition example"' in "".join(s.html for s in module.sections), module.slug
        assert all(o.source.startswith(("G ", "E")) for o in module.objectives)


def test_the_schizophrenia_clause_is_never_quizzed():
    for quiz in LIBRARY.quizzes:
        text = _quiz_text(quiz)
        assert "統合失調症" not in text, quiz.path
        assert "低いこと" not in text and "低くないこと" not in text, quiz.path


@pytest.mark.parametrize(("one", "other"), [("約6割", "6割超"), ("9割以上", "9割超")])
def test_no_question_hinges_on_the_two_wordings_of_one_result(one, other):
    for quiz in LIBRARY.quizzes:
        for question in quiz.questions:
            with_one = {i for i, o in enumerate(question.options) if one in o.text}
            with_other = {i for i, o in enumerate(question.options) if other in o.text}
            # Never one wording right and the other wrong in two separate options.
            assert not (with_one - with_other and with_other - with_one), (quiz.path, question.key)


def test_no_phone_numbers_are_invented():
    phone = re.compile(r"0\d{1,4}-\d{1,4}-\d{3,4}")
    for path, text, _ in FILES:
        assert not phone.search(text), path


@pytest.mark.parametrize("audience", ["commissioner", "center", "counselor"])
def test_each_audience_has_a_coherent_path(audience):
    path = [m for m in LIBRARY.modules if "all" in m.audiences or audience in m.audiences]
    assert 8 <= len(path) <= 11
    assert path[0].slug == "what-is-hikikomori"
    assert path[-1].slug == "supporter-self-care"
    assert 150 <= sum(m.minutes for m in path) <= 240


def test_the_readme_states_each_audiences_path():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for audience in ("commissioner", "center", "counselor"):
        path = [m for m in LIBRARY.modules if "all" in m.audiences or audience in m.audiences]
        minutes = sum(m.minutes for m in path)
        assert f"| `{audience}` | learner |" in readme
        assert f"{len(path)} modules, about {minutes} minutes" in readme
