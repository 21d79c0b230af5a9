"""How each published version came to be, beyond its `origin` column (file or browser): a
revert names the version it published again, and `gift import` the file it added questions
from. Both are read from the audit log, where revert and import record the number they made.
"""

from dataclasses import dataclass

from app.models import Module
from app.services.authoring.module_audit import authoring_events
from app.vocabulary import AuthoringAction, ContentPart


@dataclass(frozen=True)
class VersionMaking:
    """A version made by a revert (`restored` is the old number) or by a GIFT import."""

    restored: int | None = None
    imported: bool = False


def version_makings(module: Module) -> dict[tuple[ContentPart, int], VersionMaking]:
    """(part, number) → how that version was made, for the versions a revert or an import
    made (one query)."""
    events = authoring_events(module, (AuthoringAction.REVERT, AuthoringAction.GIFT_IMPORT))
    found: dict[tuple[ContentPart, int], VersionMaking] = {}
    for event in events:
        details = event.details or {}
        if event.action == AuthoringAction.REVERT:
            part = ContentPart.MODULE if details.get("part") == "module" else ContentPart.QUIZ
            number = details.get("module_version" if part == ContentPart.MODULE else "quiz_version")
            if isinstance(number, int):
                found[(part, number)] = VersionMaking(restored=details.get("restored_version"))
        elif isinstance(details.get("quiz_version"), int):
            # Only `gift import` publishes; the browser's import goes into a draft.
            found[(ContentPart.QUIZ, details["quiz_version"])] = VersionMaking(imported=True)
    return found
