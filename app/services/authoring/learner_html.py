"""Module HTML made final once: sanitised when the file is read, glossary terms linked and
tables boxed to scroll sideways when the version is stored. Nothing of it is reworked per
request."""

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from flask import current_app

from app.content.glossary_links import TermLink, link_terms
from app.content.wide_tables import scrollable_tables
from app.extensions import db
from app.models import GlossaryTerm, Module, ModuleVersion, Section
from app.services.learning.glossary import glossary, term_links


def glossary_url() -> str:
    """The glossary page's path, built without a request (content loads run from the CLI)."""
    return current_app.url_map.bind("").build("learn.glossary_page")


def learner_html(html: str, links: Sequence[TermLink], url: str) -> str:
    """A section's sanitised HTML as learners read it: what the storing code keeps, and what
    the editor's preview shows."""
    return scrollable_tables(link_terms(html, links, url))


def render_for_learners(
    sections: Iterable[Section], terms: Sequence[GlossaryTerm] | None = None
) -> None:
    """The one step that makes a stored section's sanitised HTML into what learners read:
    the first mention of each glossary term linked to its entry, and each table in a box that
    scrolls sideways on a phone (`Section.learner_html`).

    Called by the storing code for every new module version, and for the current versions
    when the glossary changes (`relink_current_versions`). `terms` defaults to the glossary
    as stored in this transaction."""
    links = term_links(list(terms) if terms is not None else glossary())
    url = glossary_url()
    for section in sections:
        section.learner_html = learner_html(section.html, links, url)


def relink_current_versions(terms: Sequence[GlossaryTerm] | None = None) -> None:
    """After the glossary changed: link the current versions' sections to it again. Older
    versions keep the links they were read with."""
    current = db.session.scalars(
        sa.select(Section)
        .join(ModuleVersion, Section.module_version_id == ModuleVersion.id)
        .join(Module, Module.current_version_id == ModuleVersion.id)
    ).all()
    render_for_learners(current, terms)
