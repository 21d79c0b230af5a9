"""Bulk account import from a CSV file: checked all or nothing, by the browser and the CLI.

`parse_user_csv` is pure (bytes in, rows and problems out); `check_user_import` adds the
checks that need the database; `import_users` saves a file that passed them. The browser
keeps the file, then the accounts it made, on the server between its steps (`keep_import`,
`confirm_import`, `download_links`), and forgets them after the links' one download.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import CursorResult

from app.extensions import db
from app.models import Organisation, PasswordLink, User, UserImport
from app.models.timestamps import utcnow
from app.models.user_imports import KEPT_FOR
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
# Accounts a file may hold. Tokyo has about 10,000 民生委員・児童委員 in all, so a whole
# roster fits in one file; at the longest rows allowed (about 330 bytes) 10,000 rows are
# 3.3 MB, under the 5 MB upload limit; and a file this size is checked, imported and its
# links made in seconds, not minutes (bench/user_import.py measures it).
MAX_ROWS = 10_000


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
    if isinstance(data, bytes):
        nul, lines_before = data.find(b"\x00"), data.count(b"\n", 0, data.find(b"\x00"))
    else:
        nul, lines_before = data.find("\x00"), data.count("\n", 0, data.find("\x00"))
    if nul >= 0:
        # No text holds one, and PostgreSQL cannot store one: this is Excel's "Unicode text"
        # (UTF-16, a NUL in every other byte), or not text at all.
        line = lines_before + 1
        message = _l(
            "The file holds NUL bytes, so it is not UTF-8 or Shift_JIS text. In Excel, save "
            "it as “CSV UTF-8” or “CSV”."
        )
        return ImportCheck(file_problems=[Problem(line, message)])
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
                if len(check.rows) == MAX_ROWS:
                    # Stop reading: neither the check nor the preview grows past the limit.
                    check.rows = []
                    check.file_problems.append(
                        Problem(
                            start,
                            _l(
                                "The file has more than %(n)s accounts. Split it into files "
                                "of at most %(n)s accounts and import each one.",
                                n=f"{MAX_ROWS:,}",
                            ),
                        )
                    )
                    return check
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
    elif any(unicodedata.category(character) == "Cc" for character in organisation):
        row.problems.append(_l("The organisation must be on one line."))
    elif len(organisation) > ORGANISATION_NAME_LENGTH:
        row.problems.append(
            _l("The organisation is longer than %(n)s characters.", n=ORGANISATION_NAME_LENGTH)
        )
    return row


def _organisation_name_ok(name: str) -> bool:
    return 0 < len(name) <= ORGANISATION_NAME_LENGTH and not any(
        unicodedata.category(character) == "Cc" for character in name
    )


def check_user_import(data: bytes | str) -> ImportCheck:
    """`parse_user_csv`, then what needs the database: taken usernames, unknown
    organisations. Two queries, however long the file."""
    check = parse_user_csv(data)
    if not check.rows:
        return check
    # Values already refused by their form (a NUL byte, too long) are never looked up.
    taken = taken_usernames(
        row.username for row in check.rows if username_problem(row.username) is None
    )
    names = {row.organisation for row in check.rows if _organisation_name_ok(row.organisation)}
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
        if not _organisation_name_ok(row.organisation):
            continue  # its problem is listed already
        found = organisations.get(row.organisation)
        if found is None:
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
    return issue_import_links(create_accounts(check, created_by, source), created_by)


def create_accounts(check: ImportCheck, created_by: User | None, source: str = "") -> list[User]:
    """Create every account of a file that passed `check_user_import`, without links yet."""
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
    record(
        "users.import",
        details={
            "count": len(users),
            "source": source,
            "usernames": [user.username for user in users],
        },
        actor=created_by,
    )
    return users


def issue_import_links(users: list[User], created_by: User | None) -> list[ImportedUser]:
    """A new set-password link for each of `users` (an older open one expires: only the
    newest works), in their order. The plain tokens are returned once and never stored."""
    if not users:
        return []
    now = utcnow()
    db.session.execute(
        sa.update(PasswordLink)
        .where(
            PasswordLink.user_id.in_([user.id for user in users]),
            PasswordLink.used_at.is_(None),
            PasswordLink.expires_at > now,
        )
        .values(expires_at=now)
    )
    names: dict[int, str] = {
        organisation_id: name
        for organisation_id, name in db.session.execute(
            sa.select(Organisation.id, Organisation.name).where(
                Organisation.id.in_({user.organisation_id for user in users})
            )
        )
    }
    imported, links = [], []
    for user in users:
        purpose = LinkPurpose.RESET if user.password_hash else LinkPurpose.SET
        link, token = PasswordLink.issue(user.id, purpose, created_by.id if created_by else None)
        links.append(link)
        imported.append(
            ImportedUser(user.username, user.display_name, names[user.organisation_id], token)
        )
    db.session.add_all(links)
    db.session.flush()
    return imported


# --- between the browser's steps ------------------------------------------------------------


def forget_stale_imports() -> None:
    """Forget previews and undownloaded imports older than KEPT_FOR (their accounts stay;
    an admin makes each one a link from its page)."""
    db.session.execute(sa.delete(UserImport).where(UserImport.created_at < utcnow() - KEPT_FOR))


def keep_import(check: ImportCheck, filename: str, admin: User) -> UserImport:
    """Keep a checked file on the server until `admin` confirms it (or an hour passes)."""
    # A file name is the browser's to send: keep it printable, and short enough to store.
    printable = "".join(c for c in filename if not unicodedata.category(c).startswith("C"))
    kept = UserImport(created_by_id=admin.id, filename=printable[:255], text=check.text)
    db.session.add(kept)
    db.session.flush()
    return kept


def kept_import(import_id: int, admin: User) -> UserImport | None:
    """`admin`'s own import, if it is still kept; anyone else's is None, as if it were not."""
    kept = db.session.get(UserImport, import_id)
    if kept is None or kept.created_by_id != admin.id:
        return None
    if kept.created_at < utcnow() - KEPT_FOR:
        return None
    return kept


def confirm_import(kept: UserImport, admin: User) -> ImportCheck | None:
    """Import a kept file, exactly once: of two confirmations at the same moment only the
    first imports (a conditional UPDATE); the other gets None, as does one after it.

    Returns the check, which found problems if something changed since the preview (a
    username taken meanwhile): then nothing is saved and the caller shows the check again.
    """
    claimed = cast(
        CursorResult[Any],
        db.session.execute(
            sa.update(UserImport)
            .where(UserImport.id == kept.id, UserImport.imported_at.is_(None))
            .values(imported_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    )
    if claimed.rowcount != 1:
        return None
    check = check_user_import(kept.text or "")
    if not check.ok:
        return check  # the caller rolls back: the import stays unconfirmed
    users = create_accounts(check, admin, source=kept.filename)
    db.session.execute(
        sa.update(UserImport)
        .where(UserImport.id == kept.id)
        .values(text=None, user_ids=[user.id for user in users])
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(kept)
    return check


def imported_accounts(kept: UserImport) -> list[User]:
    """The accounts an import created, in the file's order."""
    ids = kept.user_ids or []
    if not ids:
        return []
    found = {
        user.id: user
        for user in db.session.scalars(
            sa.select(User).where(User.id.in_(ids)).options(so.joinedload(User.organisation))
        )
    }
    return [found[user_id] for user_id in ids if user_id in found]


def download_links(kept: UserImport, admin: User) -> list[ImportedUser] | None:
    """The imported accounts' set-password links, made now, for their one download: the
    import is forgotten at once. None if it was downloaded already (or concurrently)."""
    forgotten = cast(
        CursorResult[Any],
        db.session.execute(
            sa.delete(UserImport)
            .where(
                UserImport.id == kept.id,
                UserImport.imported_at.is_not(None),
                UserImport.text.is_(None),
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if forgotten.rowcount != 1:
        return None
    users = [user for user in imported_accounts(kept) if user.active]
    imported = issue_import_links(users, admin)
    record(
        "users.import_links",
        details={"count": len(imported), "source": kept.filename},
        actor=admin,
    )
    return imported
