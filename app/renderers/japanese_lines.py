"""Japanese line breaking for the PDF renderers: where a line may end, with kinsoku.

Japanese has no spaces between words, so a line may break between almost any two characters,
but not (禁則処理, kinsoku):
- before a closing mark, a stop or a small kana (。、」）ゃっー …): a line never starts with one;
- after an opening mark (「（『 …): a line never ends with one;
- inside a word of Latin letters or digits ("Takahashi", "2026-04-01").
Where a break would fall in such a place, the characters before it move to the next line
(追い出し), as many as it takes; reportlab's own CJK wrapping moves only one, so 「ちょっと」
could still start a line with っ. The character classes are reportlab's (textsplit), with the
full-width marks it lacks. Text a person spaced themselves (「社会福祉法人 〇〇会 〇〇センター」)
breaks at those spaces when each part fits. Pure: text in, lines out.
"""

from collections.abc import Callable

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

CANNOT_START = ALL_CANNOT_START + "〉》〙〗｝！？：；，．‥…"
CANNOT_END = ALL_CANNOT_END + "〈《〘〖｛"


def _in_word(char: str) -> bool:
    """Letters, digits and marks of the Latin (and other non-CJK) scripts, which break only
    at spaces."""
    return not char.isspace() and ord(char) < 0x2E80


def may_break(before: str, after: str) -> bool:
    """Whether a line may end after `before` and the next start with `after`."""
    if before.isspace() or after.isspace():
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (_in_word(before) and _in_word(after))


def break_lines(text: str, fits: Callable[[str], bool], at_spaces_only: bool = False) -> list[str]:
    """`text` as lines that each `fits`, broken only where Japanese allows (or, with
    `at_spaces_only`, only at spaces). A run that cannot be broken and does not fit (a very
    long Latin word) is cut where the line is full: the whole text is always kept."""
    lines: list[str] = []
    rest = text.strip()
    while rest:
        if fits(rest):
            lines.append(rest)
            break
        full = 1  # the longest start of `rest` that fits (at least one character)
        while full < len(rest) and fits(rest[: full + 1]):
            full += 1
        cut = full
        while cut > 0 and not (
            rest[cut].isspace() or rest[cut - 1].isspace()
            if at_spaces_only
            else may_break(rest[cut - 1], rest[cut])
        ):
            cut -= 1
        if cut == 0:
            cut = full
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines
