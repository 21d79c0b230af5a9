"""The words of an export for people: its header and the codes of its cells, in a language.

The CSV speaks the stable codes other systems rely on (`username, …, status, …` with
`completed`, `commissioner`…); the XLSX is opened by coordinators in Excel, so it speaks the
viewer's language, and `?labels=ja` gives the CSV in Japanese too. The words are worked out
before the download streams (the request, and with it the viewer's language, has ended by the
time the rows are written), as plain strings.
"""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.labels import AUDIENCE_NAMES, STATUS_NAMES

# The agreed columns, in order (design.md: "columns start username, display_name, …").
EXPORT_HEADER = (
    "username",
    "display_name",
    "organisation",
    "audience",
    "module",
    "status",
    "score",
    "completed_at",
    "module_title",
    "due_date",
    "overdue",
)
COLUMN_NAMES = {
    "username": _l("Username"),
    "display_name": _l("Full name"),
    "organisation": _l("Affiliation"),  # 所属: where the learner belongs
    "audience": _l("Audience"),
    "module": _l("Module code"),
    "status": _l("Status"),
    "score": _l("Score"),
    "completed_at": _l("Completed on"),
    "module_title": _l("Module"),
    "due_date": _l("Due date"),
    "overdue": _l("Overdue"),
}
YES, NO = _l("Yes"), _l("No")


@dataclass(frozen=True)
class ExportWords:
    """What the export says for each code; the codes themselves when `for_people` is off."""

    header: tuple[str, ...]
    audiences: dict[str, str]
    statuses: dict[str, str]
    yes: str
    no: str

    def audience(self, code: str) -> str:
        return self.audiences.get(code, code)

    def status(self, code: str) -> str:
        return self.statuses.get(code, code)


CODES = ExportWords(EXPORT_HEADER, {}, {}, "yes", "no")


def words_for_people(locale: str | None = None) -> ExportWords:
    """The header and the labels in `locale` (None: the viewer's own language)."""
    if locale is not None:
        with force_locale(locale):
            return words_for_people()
    return ExportWords(
        header=tuple(str(COLUMN_NAMES[column]) for column in EXPORT_HEADER),
        audiences={code: str(name) for code, name in AUDIENCE_NAMES.items()},
        statuses={code: str(name) for code, name in STATUS_NAMES.items()},
        yes=str(YES),
        no=str(NO),
    )
