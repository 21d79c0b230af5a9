"""Where a Japanese line may end: kinsoku, Latin words kept whole, spaces a person chose."""

import pytest

from app.renderers.japanese_lines import break_lines, may_break


def _width(limit):
    return lambda text: len(text) <= limit


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        ("修", "了", True),
        ("了", "。", False),  # a stop never starts a line
        ("ち", "ょ", False),  # nor a small kana
        ("ょ", "っ", False),
        ("「", "よ", False),  # an opening mark never ends one
        ("い", "「", True),
        ("a", "b", False),  # inside a Latin word
        ("a", " ", True),
        ("子", "A", True),
    ],
)
def test_may_break(before, after, allowed):
    assert may_break(before, after) is allowed


def test_closing_marks_and_small_kana_stay_on_the_line_before_even_two_in_a_row():
    # At 5 a line, plain breaking would start the second line with 「ょっ」.
    assert break_lines("あいうちょっと", _width(5)) == ["あいう", "ちょっと"]
    assert break_lines("あいうえ。かきくけこ", _width(4)) == ["あいう", "え。かき", "くけこ"]


def test_latin_words_break_at_spaces_and_an_overlong_one_is_cut_not_lost():
    assert break_lines("Maria Takahashi 花子", _width(10)) == ["Maria", "Takahashi", "花子"]
    text = "Supercalifragilistic"
    assert "".join(break_lines(text, _width(8))) == text


def test_a_persons_own_spaces_are_preferred():
    text = "社会福祉法人 ひきこもり支援協議会 相談部門"
    assert break_lines(text, _width(12), at_spaces_only=True) == [
        "社会福祉法人",
        "ひきこもり支援協議会",
        "相談部門",
    ]
