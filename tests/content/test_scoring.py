from app.content.scoring import AnswerKey, score_answers

KEYS = [
    AnswerKey("a", "single", frozenset({1})),
    AnswerKey("b", "multiple", frozenset({0, 2})),
    AnswerKey("c", "true_false", frozenset({1})),
    AnswerKey("d", "scenario", frozenset({0})),
]


def test_all_right_is_full_marks():
    score = score_answers(KEYS, {"a": [1], "b": [2, 0], "c": [1], "d": [0]}, pass_mark=80)
    assert (score.correct, score.total, score.percent, score.passed) == (4, 4, 100, True)


def test_a_multiple_choice_needs_exactly_the_correct_set():
    partial = score_answers(KEYS, {"b": [0]}, pass_mark=80)
    extra = score_answers(KEYS, {"b": [0, 1, 2]}, pass_mark=80)
    assert partial.right["b"] is False and extra.right["b"] is False


def test_unanswered_questions_score_nothing():
    score = score_answers(KEYS, {}, pass_mark=1)
    assert score.correct == 0 and score.passed is False


def test_the_percent_rounds_down_so_it_never_shows_a_false_pass():
    keys = [AnswerKey(str(i), "single", frozenset({0})) for i in range(3)]
    score = score_answers(keys, {"0": [0], "1": [0]}, pass_mark=67)
    assert score.percent == 66
    assert score.passed is False


def test_the_pass_mark_itself_passes():
    keys = [AnswerKey(str(i), "single", frozenset({0})) for i in range(5)]
    score = score_answers(keys, {str(i): [0] for i in range(4)}, pass_mark=80)
    assert (score.percent, score.passed) == (80, True)
