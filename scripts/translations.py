"""Keep the catalogues in step with the code: `make translations`.

Extracts the messages, updates ja and en, and fills the English catalogue (whose text is
the message id itself). Japanese entries left empty are listed, to be written by hand.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "app" / "translations"
POT = TRANSLATIONS / "messages.pot"


def run(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def extract(pot: Path) -> None:
    """Every message in the code and templates, into `pot` (the tests use this too)."""
    run(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "-k",
        "Msg",
        "-k",
        "N_",
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        ".",
    )


def main() -> int:
    extract(POT)
    for locale in ("ja", "en"):
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        if po.exists():
            run(
                "update",
                "-i",
                str(POT),
                "-d",
                str(TRANSLATIONS),
                "-l",
                locale,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            run("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)
    english = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with english.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
    with english.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True)
    with (TRANSLATIONS / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        missing = [m.id for m in read_po(handle) if m.id and not m.string]
    for message_id in missing:
        print(f"ja: not yet translated: {message_id!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
