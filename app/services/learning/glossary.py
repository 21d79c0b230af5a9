"""The glossary as learners see it, and the links from module text to it."""

import sqlalchemy as sa

from app.content.glossary_links import TermLink
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
