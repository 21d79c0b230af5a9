"""Tables in module text, each in a box of its own that scrolls sideways on a narrow screen.

Applied when a page is shown (like the glossary links), not when a version is stored, so every
version already loaded gets it too. The box is a labelled region that takes keyboard focus:
someone without a mouse or touch screen can scroll it with the arrow keys.
"""

import re
from html import escape

_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)


def scrollable_tables(html: str, label: str) -> str:
    """Wrap each <table> of sanitised module HTML in a scrolling, focusable region."""
    opening = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
    return _TABLE.sub(lambda table: f"{opening}{table.group(0)}</div>", html)
