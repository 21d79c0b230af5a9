"""The glossary as learners see it, and the links from module text to it."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.content.glossary_links import TermLink
from app.content.gojuon import ROWS, initial_row, reading_key
from app.extensions import db
from app.models import GlossaryTerm


def glossary() -> list[GlossaryTerm]:
    return list(db.session.scalars(sa.select(GlossaryTerm).order_by(GlossaryTerm.position)))


def term_links(terms: list[GlossaryTerm]) -> list[TermLink]:
    """Every surface form (the term and its aliases) that should link to its entry."""
    return [
        TermLink(surface=surface, key=term.key, definition=term.definition)
        for term in terms
        for surface in (term.term, *term.aliases)
    ]


@dataclass(frozen=True)
class KanaRow:
    """One row of the 五十音 table (あ, か, …) and the terms whose reading starts in it."""

    kana: str
    anchor: str  # an ASCII id for the page: kana-1 … kana-10, kana-other
    terms: list[GlossaryTerm]


def glossary_by_reading(terms: list[GlossaryTerm]) -> list[KanaRow]:
    """Every row of the 五十音 table in order (empty ones too, for the index), each holding
    its terms sorted by reading; terms whose reading is not kana come last, under "other"."""
    ordered = sorted(terms, key=lambda term: reading_key(term.reading or term.term))
    rows = [KanaRow(kana, f"kana-{n}", []) for n, (kana, _members) in enumerate(ROWS, 1)]
    by_kana = {row.kana: row for row in rows}
    other = KanaRow("", "kana-other", [])
    for term in ordered:
        by_kana.get(initial_row(term.reading or term.term) or "", other).terms.append(term)
    return rows + ([other] if other.terms else [])
