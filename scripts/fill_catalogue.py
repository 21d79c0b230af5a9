"""Write translations into a catalogue: `python scripts/fill_catalogue.py ja FILE.py`.

FILE.py defines a dict `JA` (or `TRANSLATIONS`) of message id → text; used when new
strings are added, after `make translations`.
"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"


def main(locale: str, source: str) -> int:
    values = runpy.run_path(source)
    table = values.get("TRANSLATIONS") or values["JA"]
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id in table:
            message.string = table[message.id]
            message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, sort_output=True, no_location=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
