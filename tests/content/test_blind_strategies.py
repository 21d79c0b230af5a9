"""A learner who reads nothing must not pass: the analysis finds the cues test-wise people use."""

import pytest

from app.content.blind_strategies import analyse_quiz
from app.content.documents import MatchPair, Option, QuestionDoc, QuizDoc, matching_options


def _question(n: int, kind: str, options: list[tuple[str, bool]], prompt: str = "") -> QuestionDoc:
    return QuestionDoc(
        key=f"q{n}",
        type=kind,
        prompt=prompt or f"問{n}について、あてはまるものはどれでしょうか。",
        options=tuple(Option(text, correct, "理由") for text, correct in options),
        explanation="解説",
        source="G 2",
        scenario="事例" if kind == "scenario" else None,
    )


def _quiz(*questions: QuestionDoc, pass_mark: int = 80) -> QuizDoc:
    return QuizDoc("quizzes/t.yaml", "t", pass_mark, None, False, questions, "", "")


def _single(n: int, right: int, texts=("あかさたな", "はまやらわ", "いきしちに", "ひみいりゐ")):
    return _question(n, "single", [(t, i == right) for i, t in enumerate(texts)])


def _true_false(n: int, true: bool, prompt: str = "") -> QuestionDoc:
    return _question(n, "true_false", [("正しい", true), ("誤り", not true)], prompt)


def test_always_the_first_option_is_found():
    report = analyse_quiz(_quiz(*(_single(n, 0) for n in range(5))))
    assert report.passes_blind
    assert "always option 1" in report.best.strategy
    assert report.position_shares == {1: 1.0}
    assert any("option 1" in warning for warning in report.warnings())


def test_always_the_longest_option_is_found_wherever_it_sits():
    questions = []
    for n in range(5):
        texts = ["短い", "短い", "短い", "短い"]
        texts[n % 4] = "ずっと長くて詳しい説明の選択肢"
        questions.append(_single(n, n % 4, texts))
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "the longest option" in report.best.strategy
    assert report.longest_share == 1.0
    assert any("longest" in warning for warning in report.warnings())


def test_the_shortest_option_is_found_too():
    questions = []
    for n in range(5):
        texts = ["長めに書いた選択肢です"] * 4
        texts[(n + 1) % 4] = "短い"
        questions.append(_single(n, (n + 1) % 4, texts))
    assert "the shortest option" in analyse_quiz(_quiz(*questions)).best.strategy


def test_true_false_given_away_by_absolute_words_is_found():
    questions = [
        _true_false(1, False, "「相談は必ず本人から受ける」"),
        _true_false(2, True, "「家族の相談も支援になる」"),
        _true_false(3, False, "「訪問は一人で行うものだ」"),
        _true_false(4, True, "「状況に合わせて早めに相談してよい」"),
        _true_false(5, False, "「支援はすべて就労を目指す」"),
    ]
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "absolute words mean 誤り" in report.best.strategy


def test_multiple_choice_with_the_first_three_right_is_found():
    def first_three(n):
        return _question(n, "multiple", [(f"選択肢{i}", i < 3) for i in range(5)])

    report = analyse_quiz(_quiz(*(first_three(n) for n in range(4))))
    assert report.passes_blind
    assert "the first 3" in report.best.strategy


def test_a_different_habit_per_question_type_is_combined():
    # Neither habit alone reaches 80 %, together they do.
    questions = [_single(n, 0) for n in range(4)] + [_true_false(n, False) for n in range(4, 8)]
    report = analyse_quiz(_quiz(*questions))
    assert report.best.correct == 8
    assert "single: always option 1" in report.best.strategy
    assert "true_false: always 誤り" in report.best.strategy


def test_a_quiz_that_needs_reading_is_not_flagged():
    texts = ("あかさたなはま", "いきしちにひみ", "うくすつぬふむ", "えけせてねへめ")
    questions = [
        _single(1, 0, texts),
        _single(2, 1, texts),
        _single(3, 2, texts),
        _single(4, 3, texts),
        _single(5, 1, texts),
        _true_false(6, True, "「ア」"),
        _true_false(7, False, "「イ」"),
        _question(8, "multiple", [(t, i in (0, 2, 3)) for i, t in enumerate(texts)]),
        _question(9, "multiple", [(t, i in (1, 2)) for i, t in enumerate(texts)]),
        _single(10, 3, texts),
    ]
    report = analyse_quiz(_quiz(*questions))
    assert not report.passes_blind, report.best
    assert report.warnings() == []
    assert max(report.position_shares.values()) <= 0.4


@pytest.mark.parametrize("pass_mark", [60, 100])
def test_the_pass_mark_decides(pass_mark):
    questions = [_single(n, 0) for n in range(3)] + [_single(n, 1) for n in range(3, 5)]
    report = analyse_quiz(_quiz(*questions, pass_mark=pass_mark))
    assert report.best.percent == 60
    assert report.passes_blind is (pass_mark == 60)


def test_content_check_warns_naming_the_quiz(runner, tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "content", root)
    result = runner.invoke(args=["content", "check", "--root", str(root)])
    assert result.exit_code == 0  # a warning, not an error: the files are valid
    assert (
        "quizzes/sample.yaml:1: warning: a learner who reads nothing passes this quiz"
        in result.output
    )
    assert "1 quizzes, " in result.output and "warning(s)." in result.output


def _matching(n: int, pairs: list[tuple[str, str]], distractors=()) -> QuestionDoc:
    match_pairs = tuple(MatchPair(prompt, answer, "理由") for prompt, answer in pairs)
    extra = tuple(Option(text, False, "理由") for text in distractors)
    return QuestionDoc(
        key=f"m{n}",
        type="matching",
        prompt="それぞれに合うものを選んでください。",
        options=matching_options(match_pairs, extra),
        explanation="解説",
        source="G 3-5",
        pairs=match_pairs,
        distractors=extra,
    )


def test_matching_whose_choices_sort_in_prompt_order_is_found():
    # あ < い < う: the sorted choices happen to follow the prompts.
    questions = [_matching(n, [("一", "あ"), ("二", "い"), ("三", "う")]) for n in range(4)]
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "matching: the i-th choice for the i-th prompt" in report.best.strategy


def test_matching_in_reverse_order_is_found():
    questions = [_matching(n, [("一", "う"), ("二", "い"), ("三", "あ")]) for n in range(4)]
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "matching: the choices in reverse order" in report.best.strategy


def test_matching_given_away_by_shared_words_is_found():
    pairs = [
        ("家族の相談", "ええ家族の支え"),
        ("仕事の相談", "ああ仕事の準備"),
        ("居場所の相談", "いい居場所づくり"),
    ]
    questions = [_matching(n, pairs, ["うう関係のない窓口"]) for n in range(4)]
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "matching: the choice that repeats the prompt's words" in report.best.strategy


def test_matching_that_needs_reading_is_not_flagged():
    orders = [
        [("一", "い"), ("二", "あ"), ("三", "う")],
        [("一", "う"), ("二", "あ"), ("三", "い")],
        [("一", "あ"), ("二", "う"), ("三", "い")],
    ]
    questions = [_matching(n, pairs, ["え"]) for n, pairs in enumerate(orders)]
    report = analyse_quiz(_quiz(*questions, pass_mark=60))
    assert report.best.correct == 0, report.best


def test_true_false_given_away_by_reporting_against_advising_is_found():
    questions = [
        _true_false(1, True, "「ガイドブックでは、家族も支援の対象とされている」"),
        _true_false(2, False, "「本人が来ないなら、相談は終えるのがよい」"),
        _true_false(3, True, "「調査では、30歳代以上が半数を超えると示されている」"),
        _true_false(4, False, "「まず仕事を探すよう勧めるべきだ」"),
        _true_false(5, True, "「偏見が孤立を深めるという指摘がある」"),
    ]
    report = analyse_quiz(_quiz(*questions))
    assert report.passes_blind
    assert "what the guidebook says is 正しい" in report.best.strategy or (
        "advice is 誤り" in report.best.strategy
    )


def test_content_check_reports_every_quiz_for_trainers(runner, tmp_path):
    import shutil
    from pathlib import Path

    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "content", root)
    result = runner.invoke(args=["content", "check", "--root", str(root), "--blind-report"])
    assert result.exit_code == 0
    line = next(
        row for row in result.output.splitlines() if row.startswith("quizzes/sample.yaml |")
    )
    assert "= 80%" in line and "always option 1" in line
