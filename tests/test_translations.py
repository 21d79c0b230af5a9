"""Every interface string is translated in both catalogues, none fuzzy, none stale."""

import runpy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
# The same extraction `make translations` runs.
extract = runpy.run_path(str(ROOT / "scripts" / "translations.py"))["extract"]
TRANSLATIONS = ROOT / "app" / "translations"


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_no_entry_is_empty_or_fuzzy(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    empty = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert empty == [] and fuzzy == []


def test_the_catalogues_hold_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    extract(pot)
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (TRANSLATIONS / "ja" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        have = {m.id for m in read_po(handle) if m.id and m.string}
    assert wanted - have == set(), "run `make translations` and translate the new strings"
