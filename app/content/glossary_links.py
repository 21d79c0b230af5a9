"""Link glossary terms in rendered module HTML: the first mention of each term per section."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape

# Text inside these is left alone: a link in a link, a heading or code would be wrong.
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}
_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class TermLink:
    surface: str  # the words as they appear in the text
    key: str  # the glossary anchor
    definition: str


@lru_cache(maxsize=8)
def _pattern(surfaces: tuple[str, ...]) -> re.Pattern:
    # Longest first, so that 民生委員・児童委員 wins over 民生委員.
    ordered = sorted(surfaces, key=len, reverse=True)
    return re.compile("|".join(re.escape(escape(s, quote=False)) for s in ordered))


def link_terms(html: str, terms: Iterable[TermLink], base_url: str) -> str:
    """Return `html` with the first mention of each term linked to `base_url#key`."""
    by_surface = {escape(t.surface, quote=False): t for t in terms if t.surface}
    if not by_surface:
        return html
    pattern = _pattern(tuple(sorted(by_surface)))
    linked: set[str] = set()
    skipping: list[str] = []
    out: list[str] = []

    def replace(match: re.Match) -> str:
        term = by_surface[match.group(0)]
        if term.key in linked:
            return match.group(0)
        linked.add(term.key)
        return (
            f'<a class="term" href="{base_url}#{term.key}" '
            f'title="{escape(term.definition)}">{match.group(0)}</a>'
        )

    for part in _TAG.split(html):
        if part.startswith("<"):
            name_match = _TAG_NAME.match(part)
            name = name_match.group(1).lower() if name_match else ""
            if name in _SKIP:
                if part.startswith("</"):
                    if skipping and skipping[-1] == name:
                        skipping.pop()
                elif not part.endswith("/>"):
                    skipping.append(name)
            out.append(part)
        elif skipping or not part.strip():
            out.append(part)
        else:
            out.append(pattern.sub(replace, part))
    return "".join(out)
