"""五十音 (gojūon) order for Japanese readings, as a Japanese dictionary sorts them.

Katakana sorts with hiragana, voiced kana (が, ば, ぱ) with their plain ones (か, は) and
after them, small kana (ゃ, っ) with their large ones, and the long-vowel mark ー as the vowel
it stretches (ケース as けえす). Pure: no database, no request.
"""

import unicodedata

_SMALL = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_VOWEL_OF = {}
for _vowel, _column in zip(
    "あいうえお",
    (
        "あかさたなはまやらわがざだばぱ",
        "いきしちにひみりぎじぢびぴ",
        "うくすつぬふむゆるぐずづぶぷゔ",
        "えけせてねへめれげぜでべぺ",
        "おこそとのほもよろをごぞどぼぽ",
    ),
    strict=True,
):
    for _kana in _column:
        _VOWEL_OF[_kana] = _vowel

# The rows (行) of the table, by their first kana: a glossary's index of initial kana.
ROWS = (
    ("あ", "あいうえお"),
    ("か", "かきくけこ"),
    ("さ", "さしすせそ"),
    ("た", "たちつてと"),
    ("な", "なにぬねの"),
    ("は", "はひふへほ"),
    ("ま", "まみむめも"),
    ("や", "やゆよ"),
    ("ら", "らりるれろ"),
    ("わ", "わをん"),
)
_ROW_OF = {kana: row for row, members in ROWS for kana in members}
_ORDER = {kana: index for index, kana in enumerate("".join(members for _row, members in ROWS))}


def hiragana(text: str) -> str:
    """Katakana (full- or half-width) as hiragana; everything else as it was."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _letters(reading: str) -> list[tuple[str, int, int]]:
    """Each kana as (plain kana, voicing 0/1/2, small 0/1); ー spelled as its vowel,
    punctuation (・, spaces) left out. Other characters come through as themselves."""
    letters: list[tuple[str, int, int]] = []
    for char in hiragana(reading):
        if char == "ー" and letters:
            letters.append((_VOWEL_OF.get(letters[-1][0], "う"), 0, 0))
            continue
        if not char.isalnum():
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        voicing = 2 if "\u309a" in marks else 1 if "\u3099" in marks else 0
        plain = base.translate(_SMALL)
        letters.append((plain, voicing, int(plain != base)))
    return letters


def reading_key(reading: str) -> tuple:
    """Sort key: 五十音 order of the plain kana first; then plain before voiced before
    half-voiced (は, ば, ぱ), and large before small (や, ゃ). Readings that do not start with
    kana come last."""
    letters = _letters(reading)
    primary = [_ORDER.get(plain, len(_ORDER) + ord(plain)) for plain, _voicing, _small in letters]
    starts_with_kana = bool(letters) and letters[0][0] in _ORDER
    return (not starts_with_kana, primary, [(v, small) for _p, v, small in letters], reading)


def initial_row(reading: str) -> str | None:
    """The row (あ, か, … わ) a reading starts in, or None if it does not start with kana."""
    letters = _letters(reading)
    return _ROW_OF.get(letters[0][0]) if letters else None
