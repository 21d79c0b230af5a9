"""Tables in module text, each in a box of its own that scrolls sideways on a narrow screen.

Applied once, when a version is stored (with the glossary links), not per request. The box is
a region that takes keyboard focus, so someone without a mouse or touch screen can scroll it
with the arrow keys; its name comes from an element of the page (`TABLE_LABEL_ID`), so that
it is read in the viewer's own language although the HTML is made once for everyone.
"""

import re

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
TABLE_LABEL_ID = "table-scroll-label"
_OPENING = (
    f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{TABLE_LABEL_ID}">'
)


def scrollable_tables(html: str) -> str:
    """Wrap each <table> of sanitised module HTML in a scrolling, focusable region."""
    return _TABLE.sub(lambda table: f"{_OPENING}{table.group(0)}</div>", html)
