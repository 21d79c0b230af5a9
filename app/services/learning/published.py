"""The published curriculum, cached in each worker under the content revision.

Module and quiz versions are immutable, and what is current changes only with a new
`ContentRevision` number, written in the transaction that publishes. So each worker keeps
the published modules (their current version, its linked sections, the quiz) under that
number and checks it with one small query a request: a version published through any worker
on any host is what every worker shows from its next request on. Quiz versions (with their
questions) are cached by id, since a version never changes. The cache holds nothing that is
not in the database.

The cached objects are detached from any session and shared by the worker's threads: read
them, never change them or add them to a session (use their ids).
"""

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, g

from app.extensions import db
from app.models import ContentRevision, Module, ModuleVersion, Quiz, QuizVersion

_CHANGED = "yorisoi.content_changed"  # set in session.info by note_content_changed()


class _Cache:
    def __init__(self) -> None:
        # Re-entrant: one derived value may be worked out from another (the progress queries
        # from the re-certification rule) while the first is being filled.
        self.lock = threading.RLock()
        self.revision: int | None = None
        self.modules: list[Module] = []
        self.quiz_versions: dict[int, QuizVersion] = {}
        self.derived: dict[str, tuple[int, Any]] = {}


T = TypeVar("T")


def _cache() -> _Cache:
    # One per app (the tests build many apps on different databases; production has one).
    return current_app.extensions.setdefault("yorisoi.published", _Cache())


def note_content_changed() -> None:
    """Called by the storing code in the transaction that changes what learners see: every
    worker's cache is out of date once it commits. Does not commit."""
    updated = db.session.execute(
        sa.update(ContentRevision)
        .where(ContentRevision.id == 1)
        .values(number=ContentRevision.number + 1)
        .execution_options(synchronize_session=False)
    )
    if not getattr(updated, "rowcount", 0):
        db.session.add(ContentRevision(id=1, number=1))
        db.session.flush()
    # Until this transaction ends, this session sees content no other one does: no caching.
    db.session.info[_CHANGED] = True
    g.pop("yorisoi_revision", None)


def content_revision() -> int:
    """The number, read once a request (a request is one transaction's view anyway)."""
    if "yorisoi_revision" not in g:
        g.yorisoi_revision = db.session.scalar(sa.select(content_revision_column())) or 0
    return g.yorisoi_revision


def content_revision_column() -> sa.ScalarSelect[int]:
    """The number as a column, for a query every request sends anyway (the logged-in user's):
    the request then learns it without a round trip of its own. Hand the value read to
    `remember_content_revision`."""
    return sa.select(ContentRevision.number).where(ContentRevision.id == 1).scalar_subquery()


def remember_content_revision(number: int | None) -> None:
    """The number read with another query of this request (see content_revision_column)."""
    g.yorisoi_revision = number or 0


def _detached_session() -> so.Session:
    """A session on the request's own connection (so it sees this transaction), whose objects
    belong to no request once it is closed."""
    db.session.flush()  # what a query of the request's own session would see
    return so.Session(bind=db.session.connection(), expire_on_commit=False)


def _load_modules() -> list[Module]:
    with _detached_session() as session:
        return list(
            session.scalars(
                sa.select(Module)
                .join(Module.current_version)
                .options(
                    so.contains_eager(Module.current_version).selectinload(ModuleVersion.sections),
                    so.selectinload(Module.quiz).selectinload(Quiz.current_version),
                )
                .order_by(ModuleVersion.position, Module.slug)
            ).unique()
        )


def published_modules() -> list[Module]:
    """Every module with a current version, in curriculum order, sections and quiz loaded:
    one query, unless a new version was published since this worker last looked."""
    if db.session.info.get(_CHANGED):
        return _load_modules()
    revision = content_revision()
    cache = _cache()
    if cache.revision != revision:
        with cache.lock:
            if cache.revision != revision:
                cache.modules, cache.revision = _load_modules(), revision
    return list(cache.modules)


def quiz_version(version_id: int) -> QuizVersion | None:
    """A quiz version with its questions; versions never change, so each is read once."""
    cache = _cache()
    found = cache.quiz_versions.get(version_id)
    if found is None:
        with _detached_session() as session:
            found = session.scalar(
                sa.select(QuizVersion)
                .where(QuizVersion.id == version_id)
                .options(so.selectinload(QuizVersion.questions))
            )
        if found is not None and not db.session.info.get(_CHANGED):
            cache.quiz_versions[version_id] = found
    return found


def derived_from_content(name: str, load: Callable[[], T]) -> T:
    """Something worked out from the published content alone (never from a learner's data),
    kept under the content revision like the modules: `load` runs once per new revision."""
    if db.session.info.get(_CHANGED):
        return load()
    revision = content_revision()
    cache = _cache()
    entry = cache.derived.get(name)
    if entry is None or entry[0] != revision:
        with cache.lock:
            entry = cache.derived.get(name)
            if entry is None or entry[0] != revision:
                entry = cache.derived[name] = (revision, load())
    return entry[1]
