"""The domain's words, each spelled once: roles, audiences, statuses and states.

Nothing here imports the database or Flask, so that content validation (`app/content`), the
models' check constraints, forms, services, labels and templates (the Jinja global `vocab`)
all read the same codes. The values are what the database, files and exports store.
"""

from enum import StrEnum


class Role(StrEnum):
    """One permission role per account."""

    LEARNER = "learner"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class Audience(StrEnum):
    """Whom a learner is, and so which modules are theirs."""

    COMMISSIONER = "commissioner"
    CENTER = "center"
    COUNSELOR = "counselor"


# A module, or a due date, meant for every audience. Stored as a word rather than NULL so that
# unique constraints hold on every database.
EVERYONE = "all"


class ModuleStatus(StrEnum):
    """Where a learner stands with one module."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    # Completed on a version before one that asked for re-certification.
    EXPIRED = "expired"


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class OrganisationKind(StrEnum):
    """Municipalities are the top level; centres and NPOs may sit under one."""

    MUNICIPALITY = "municipality"
    CENTRE = "centre"
    NPO = "npo"
    OTHER = "other"


class CertificateKind(StrEnum):
    MODULE = "module"
    CURRICULUM = "curriculum"


class Origin(StrEnum):
    """Where a published module or quiz version was made."""

    FILE = "file"  # `content load` or `gift import` from files
    BROWSER = "browser"  # published (or reverted) by a trainer under /author


class ContentPart(StrEnum):
    """The two files a module's draft holds and its history numbers separately."""

    MODULE = "module"
    QUIZ = "quiz"


class DiffKind(StrEnum):
    """A row of a side-by-side comparison of two versions."""

    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"  # only on the right (the newer side)
    REMOVED = "removed"  # only on the left
    FOLDED = "folded"  # unchanged rows left out of a long comparison


class AuthoringAction(StrEnum):
    """What the audit log records of authoring, by the code it stores."""

    MODULE_CREATE = "module.create"
    DRAFT_SAVE = "draft.save"
    DRAFT_DISCARD = "draft.discard"
    PUBLISH = "content.publish"
    REVERT = "content.revert"
    CONTENT_LOAD = "content.load"
    CONTENT_EXPORT = "content.export"
    GIFT_IMPORT = "gift.import"
    GIFT_EXPORT = "gift.export"


class LinkPurpose(StrEnum):
    """Why a one-time password link was made: a first password, or a new one."""

    SET = "set"
    RESET = "reset"


def codes(words: type[StrEnum]) -> tuple[str, ...]:
    return tuple(word.value for word in words)


def one_of(column: str, words: type[StrEnum] | tuple[str, ...]) -> str:
    """SQL for a check constraint: `column IN ('a', 'b')`."""
    values = words if isinstance(words, tuple) else codes(words)
    return f"{column} IN {values}"


# The account list's filter word for people with no audience (staff who take no courses).
NO_AUDIENCE = "none"

# Audiences a due date can be given for: one of them, or everyone.
ASSIGNMENT_AUDIENCES = (EVERYONE, *codes(Audience))
