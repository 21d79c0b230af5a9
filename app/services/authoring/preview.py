"""A draft as a learner would see it: the same renderer, sanitiser and glossary links as the
published module page, for a learner of a chosen audience."""

from dataclasses import dataclass

from app.content.module_files import body_sections
from app.models import Module
from app.services.authoring.drafts import module_file
from app.services.authoring.fields import read_module_fields
from app.services.authoring.learner_html import learner_html
from app.services.learning.glossary import glossary, term_links
from app.vocabulary import EVERYONE


@dataclass(frozen=True)
class PreviewSection:
    key: str
    title: str
    html: str  # rendered, sanitised, glossary terms linked: safe to show as it is


@dataclass(frozen=True)
class ModulePreview:
    title: str
    summary: str
    objectives: tuple[str, ...]
    sections: tuple[PreviewSection, ...]
    # Whether the module is in the chosen audience's curriculum (None: no audience chosen).
    for_audience: bool | None


def preview_module(
    module: Module, module_text: str, glossary_url: str, audience: str | None = None
) -> ModulePreview:
    """Render `module_text` as the module page would, even while it has problems."""
    fields = read_module_fields(module_text, module.slug)
    sections, _problems = body_sections(module_file(module.slug), module_text)
    links = term_links(glossary())
    audiences = fields.audiences if fields else ()
    return ModulePreview(
        title=fields.title if fields else "",
        summary=fields.summary if fields else "",
        objectives=tuple(o.text for o in fields.objectives) if fields else (),
        sections=tuple(
            PreviewSection(s.key, s.title, learner_html(s.html, links, glossary_url))
            for s in sections
        ),
        for_audience=None if audience is None else (EVERYONE in audiences or audience in audiences),
    )
