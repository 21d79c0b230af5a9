"""HTML from outside (an imported question bank) reduced to the plain text Yorisoi stores.

The HTML goes through the same allow-list sanitiser as module text first, so that whatever
it hid (scripts, styles, comments) is gone before its words are kept.
"""

import re
from html.parser import HTMLParser

from app.content.rendering import sanitise

# Tags after which a reader expects a new line.
_BREAKS = {"br", "p", "div", "li", "tr", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # HTML collapses runs of white space, line breaks included, into one space.
        self.parts.append(re.sub(r"\s+", " ", data))


def plain_text_from_html(html: str) -> str:
    """The words of `html`, line breaks where blocks end, after sanitising."""
    collector = _TextCollector()
    collector.feed(sanitise(html))
    collector.close()
    lines = "".join(collector.parts).split("\n")
    text = "\n".join(line.strip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
