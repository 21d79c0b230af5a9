"""五十音 order as a Japanese dictionary sorts it."""

import pytest

from app.content.gojuon import initial_row, reading_key


def _sorted(*readings):
    return sorted(readings, key=reading_key)


def test_katakana_sorts_with_hiragana():
    assert _sorted("ニーズ", "かぞくかい", "アセスメント", "いばしょ") == [
        "アセスメント",
        "いばしょ",
        "かぞくかい",
        "ニーズ",
    ]


def test_voiced_kana_sort_with_their_plain_ones_and_after_them():
    assert _sorted("ばんそう", "はちまる", "ひきこもり", "ぱんだ") == [
        "はちまる",
        "ばんそう",
        "ぱんだ",
        "ひきこもり",
    ]
    assert _sorted("ぱす", "はちまる") == ["ぱす", "はちまる"]  # す comes before ち
    assert _sorted("はし", "ばし", "ぱし") == ["はし", "ばし", "ぱし"]


def test_the_long_vowel_mark_reads_as_its_vowel():
    # ケース is けえす: after けい…, before けお…
    assert _sorted("けお", "ケースかいぎ", "けいちょう") == ["けいちょう", "ケースかいぎ", "けお"]


def test_small_kana_sort_with_large_ones_and_after_them():
    assert _sorted("しょう", "しよう", "しゆ") == ["しゆ", "しよう", "しょう"]


def test_punctuation_is_ignored_and_non_kana_comes_last():
    assert _sorted("CRAFT", "みんせいいいん・じどういいん", "みんせいい") == [
        "みんせいい",
        "みんせいいいん・じどういいん",
        "CRAFT",
    ]


@pytest.mark.parametrize(
    ("reading", "row"),
    [
        ("アウトリーチ", "あ"),
        ("ケースかいぎ", "か"),
        ("じこけってい", "さ"),
        ("ばんそう", "は"),
        ("ピアサポーター", "は"),
        ("ﾆｰｽﾞ", "な"),  # half-width katakana
        ("わかもの", "わ"),
        ("CRAFT", None),
        ("", None),
    ],
)
def test_each_reading_belongs_to_the_row_of_its_first_kana(reading, row):
    assert initial_row(reading) == row
