"""The change note a version was published with, in the trainer's words.

A module version keeps its note on its own row; a quiz version has no such column, so its
note is read from the audit log, where publishing and reverting record the number they made
with the note given (app/services/authoring/publishing.py).
"""

from app.models import Module, ModuleVersion, QuizVersion
from app.services.authoring.module_audit import authoring_events
from app.vocabulary import AuthoringAction


def change_note(module: Module, version: ModuleVersion | QuizVersion) -> str | None:
    """The version's change note; None when it was published without one."""
    if isinstance(version, ModuleVersion):
        return version.change_note
    events = authoring_events(
        module, (AuthoringAction.PUBLISH, AuthoringAction.REVERT), newest_first=True
    )
    for event in events:
        details = event.details or {}
        if details.get("quiz_version") == version.number:
            note = details.get("change_note")
            return note if isinstance(note, str) and note else None
    return None
