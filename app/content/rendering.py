"""Markdown to HTML, then sanitised with an allow-list: module text is never trusted as HTML."""

import re

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "code",
    "pre",
    "blockquote",
    "a",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "abbr",
    "sup",
    "sub",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
}
# Admonitions (!!! example "事例") are divs with these classes; no other class gets through.
ADMONITION_KINDS = {"note", "tip", "warning", "example", "important", "info", "caution"}
ALLOWED_CLASSES = {
    "div": {"admonition", *ADMONITION_KINDS},
    "p": {"admonition-title"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "admonition", "sane_lists", "toc", "fenced_code"],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"slugify": slugify_unicode, "permalink": False},
        },
        output_format="html",
    )


def _url_filter(_tag: str, attribute: str, value: str) -> str | None:
    """Drop any link whose text before the first ':' is not an allowed scheme.

    nh3 already drops unknown schemes; this also refuses spellings that are not schemes at
    all (e.g. 'java    script:'), which some browsers or mail clients might still guess at.
    """
    if attribute not in ("href", "src"):
        return value
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    if ":" in head and head.split(":", 1)[0].lower() not in URL_SCHEMES:
        return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_url_filter,
    )


def render_markdown(text: str) -> str:
    """Render a section's Markdown and sanitise the result."""
    return sanitise(_markdown().convert(text))


def heading_key(title: str) -> str:
    return slugify_unicode(title, "-")
