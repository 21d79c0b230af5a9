"""Bulk account import from a CSV file: checked all or nothing, by the browser and the CLI.

`parse_user_csv` is pure (bytes in, rows and problems out); `check_user_import` adds the
checks that need the database; `import_users` saves a file that passed them.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Organisation, PasswordLink, User
from app.services.administration.accounts import (
    DISPLAY_NAME_LENGTH,
    audience_problem,
    taken_usernames,
    username_problem,
)
from app.services.administration.audit import record
from app.vocabulary import Audience, LinkPurpose, Role, codes

HEADER = ("username", "display_name", "role", "audience", "organisation")
LINKS_HEADER = ("username", "display_name", "organisation", "link")  # the result, as CSV
ORGANISATION_NAME_LENGTH = 120


@dataclass(frozen=True)
class Problem:
    line: int
    message: Any  # a lazy string: shown in the reader's language


@dataclass
class ImportRow:
    line: int
    username: str
    display_name: str
    role: str
    audience: str | None
    organisation: str
    organisation_id: int | None = None
    problems: list[Any] = field(default_factory=list)


@dataclass
class ImportCheck:
    text: str = ""  # the decoded file: what a confirmation sends back, signed
    rows: list[ImportRow] = field(default_factory=list)
    file_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem, file-wide and per row, in line order."""
        found = list(self.file_problems)
        for row in self.rows:
            found.extend(Problem(row.line, message) for message in row.problems)
        return sorted(found, key=lambda problem: problem.line)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems


def decode_csv(data: bytes) -> str | None:
    """UTF-8 (with or without the BOM Excel writes), else CP932 (Excel's 'CSV' in Japan)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_user_csv(data: bytes | str) -> ImportCheck:
    """Read and check a file without the database: format, values and duplicates."""
    text = decode_csv(data) if isinstance(data, bytes) else data
    if text is None:
        return ImportCheck(
            file_problems=[Problem(1, _l("The file is neither UTF-8 nor Shift_JIS (CP932) text."))]
        )
    check = ImportCheck(text=text)
    reader = csv.reader(io.StringIO(text, newline=""))
    seen: dict[str, int] = {}
    start = 1  # the line a record starts on: a quoted cell may span lines
    try:
        for cells in reader:
            if start == 1:
                if tuple(cell.strip().lower() for cell in cells) != HEADER:
                    wanted = ",".join(HEADER)
                    message = _l("The first line must be: %(header)s", header=wanted)
                    check.file_problems.append(Problem(1, message))
                    return check
            elif any(cell.strip() for cell in cells):  # skip blank lines and Excel's ",,,,"
                check.rows.append(_parse_row(start, cells, seen))
            start = reader.line_num + 1
    except csv.Error as error:
        check.file_problems.append(
            Problem(start, _l("This line cannot be read as CSV: %(error)s", error=str(error)))
        )
        return check
    if start == 1:
        check.file_problems.append(Problem(1, _l("The file is empty.")))
    elif not check.rows:
        check.file_problems.append(Problem(2, _l("The file has a header but no accounts.")))
    return check


def _parse_row(line: int, cells: list[str], seen: dict[str, int]) -> ImportRow:
    if len(cells) != len(HEADER):
        row = ImportRow(line, "", "", "", None, "")
        row.problems.append(
            _l("Expected %(n)s columns, found %(found)s.", n=len(HEADER), found=len(cells))
        )
        return row
    username, display_name, role, audience, organisation = (cell.strip() for cell in cells)
    role, audience = role.lower(), audience.lower()
    row = ImportRow(line, username, display_name, role, audience or None, organisation)
    problem = username_problem(username)
    if problem is not None:
        row.problems.append(problem)
    elif username.lower() in seen:
        row.problems.append(
            _l(
                "The username %(name)s is also on line %(line)s.",
                name=username,
                line=seen[username.lower()],
            )
        )
    else:
        seen[username.lower()] = line
    if not display_name:
        row.problems.append(_l("The display name is empty."))
    elif any(unicodedata.category(character) == "Cc" for character in display_name):
        row.problems.append(_l("The display name must be on one line."))
    elif len(display_name) > DISPLAY_NAME_LENGTH:
        row.problems.append(
            _l("The display name is longer than %(n)s characters.", n=DISPLAY_NAME_LENGTH)
        )
    if role not in codes(Role):
        row.problems.append(
            _l(
                "Unknown role “%(value)s”: use %(choices)s.",
                value=role,
                choices=", ".join(codes(Role)),
            )
        )
    if audience and audience not in codes(Audience):
        row.problems.append(
            _l(
                "Unknown audience “%(value)s”: use %(choices)s, or leave it empty.",
                value=audience,
                choices=", ".join(codes(Audience)),
            )
        )
    elif role in codes(Role):
        problem = audience_problem(role, audience)
        if problem is not None:
            row.problems.append(problem)
    if not organisation:
        row.problems.append(_l("The organisation is empty."))
    elif len(organisation) > ORGANISATION_NAME_LENGTH:
        row.problems.append(
            _l("The organisation is longer than %(n)s characters.", n=ORGANISATION_NAME_LENGTH)
        )
    return row


def check_user_import(data: bytes | str) -> ImportCheck:
    """`parse_user_csv`, then what needs the database: taken usernames, unknown
    organisations. Two queries, however long the file."""
    check = parse_user_csv(data)
    if not check.rows:
        return check
    taken = taken_usernames(row.username for row in check.rows if row.username)
    names = {row.organisation for row in check.rows if row.organisation}
    organisations = {
        name: (organisation_id, active)
        for name, organisation_id, active in db.session.execute(
            sa.select(Organisation.name, Organisation.id, Organisation.active).where(
                Organisation.name.in_(names)
            )
        )
    }
    for row in check.rows:
        if row.username and row.username.lower() in taken:
            row.problems.append(_l("The username %(name)s already exists.", name=row.username))
        found = organisations.get(row.organisation)
        if row.organisation and found is None:
            row.problems.append(_l("Unknown organisation “%(name)s”.", name=row.organisation))
        elif found is not None and not found[1]:
            row.problems.append(
                _l("The organisation “%(name)s” is deactivated.", name=row.organisation)
            )
        elif found is not None:
            row.organisation_id = found[0]
    return check


@dataclass(frozen=True)
class ImportedUser:
    username: str
    display_name: str
    organisation: str
    token: str  # the plain set-password token: shown once, never stored


def import_users(
    check: ImportCheck, created_by: User | None, source: str = ""
) -> list[ImportedUser]:
    """Create every account of a file that passed `check_user_import`, each with a
    one-time set-password link. Nothing is saved if the check found problems."""
    if not check.ok:
        raise ValueError("only a file without problems can be imported")
    users = [
        User(
            username=row.username,
            display_name=row.display_name,
            role=row.role,
            audience=row.audience,
            organisation_id=row.organisation_id,
            active=True,
        )
        for row in check.rows
    ]
    db.session.add_all(users)
    db.session.flush()
    imported = []
    links = []
    for row, user in zip(check.rows, users, strict=True):
        link, token = PasswordLink.issue(
            user.id, LinkPurpose.SET, created_by.id if created_by else None
        )
        links.append(link)
        imported.append(ImportedUser(row.username, row.display_name, row.organisation, token))
    db.session.add_all(links)
    db.session.flush()
    record(
        "users.import",
        details={
            "count": len(users),
            "source": source,
            "usernames": [user.username for user in users],
        },
        actor=created_by,
    )
    return imported
