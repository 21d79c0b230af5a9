"""Stable Yorisoi ids for imported questions, made from their GIFT titles.

Statistics follow a question by its id across versions, so an id should be readable and
the same each time the same file is imported: the title in lowercase ASCII with hyphens,
or `q-03` (the question's place in the file) when the title has no Latin letters to use.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from app.content.messages import Msg

MAX_LENGTH = 60


@dataclass(frozen=True)
class AssignedId:
    key: str
    note: Msg | None  # why the id is not simply the title, for the import's list of changes


def title_slug(title: str | None) -> str:
    """'Six-month wait' → 'six-month-wait'; full-width letters count; '' when none is left."""
    text = unicodedata.normalize("NFKC", title or "").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    if not re.search(r"[a-z]", slug):
        return ""
    if len(slug) > MAX_LENGTH:
        slug = (
            slug[:MAX_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
        )
    return slug


def assign_ids(
    titles: Sequence[str | None], given: Sequence[str | None], positions: Sequence[int]
) -> list[AssignedId]:
    """One id a question: the one `given` (the exporter's comment), else from the title.

    Given ids are kept as they are (duplicates among them are the caller's problem); a made
    id that is already taken gets `-2`, `-3`…
    """
    taken = {key for key in given if key}
    assigned: list[AssignedId] = []
    for title, key, position in zip(titles, given, positions, strict=True):
        if key:
            assigned.append(AssignedId(key, None))
            continue
        base = title_slug(title)
        note = None
        if not base:
            base = f"q-{position:02d}"
            note = (
                Msg("id '%(id)s' (no ::title::)", id=base)
                if not title
                else Msg(
                    "id '%(id)s' (the title '%(title)s' has no Latin letters to make an id of)",
                    id=base,
                    title=title,
                )
            )
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        if candidate != base:
            note = Msg(
                "id '%(id)s': another question already has the id '%(base)s'",
                id=candidate,
                base=base,
            )
        taken.add(candidate)
        assigned.append(AssignedId(candidate, note))
    return assigned
