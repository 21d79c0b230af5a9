"""Marking sections read, and recording a completion the moment a module is done."""

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Attempt, Completion, Module, SectionRead, User
from app.models.timestamps import utcnow
from app.services.learning.certificates import issue_for_completion
from app.services.learning.curriculum import module_progress
from app.services.learning.recertification import what_counts


def mark_section_read(user: User, module: Module, key: str) -> bool:
    """Record that `user` read section `key` of the module's current version.

    Returns False for a key the current version does not have. Reading twice is harmless; a
    read that no longer counts (made before a re-certification) is renewed: its version and
    time become this reading's.
    """
    version = module.version
    if key not in {section.key for section in version.sections}:
        return False
    read = db.session.scalar(
        sa.select(SectionRead).where(
            SectionRead.user_id == user.id,
            SectionRead.module_id == module.id,
            SectionRead.section_key == key,
        )
    )
    if read is None:
        try:
            # A double click may race us to the same row: the unique constraint decides.
            with db.session.begin_nested():
                db.session.add(
                    SectionRead(
                        user_id=user.id,
                        module_id=module.id,
                        section_key=key,
                        module_version_id=version.id,
                    )
                )
        except IntegrityError:
            pass
    elif not what_counts([module.id]).version_counts(read.module_version_id):
        read.module_version_id = version.id
        read.read_at = utcnow()
        db.session.flush()
    complete_if_done(user, module)
    return True


def complete_if_done(user: User, module: Module) -> Completion | None:
    """Record the completion once every section is read and the quiz (if any) is passed,
    counting only what counts (see recertification.py).

    A completion that expired stays, as history; the new one is on the current version.
    """
    progress = module_progress(user, module)
    if progress.completion is not None:
        return progress.completion
    if not progress.all_read or (progress.has_quiz and not progress.quiz_passed):
        return None
    score = None
    if progress.has_quiz:
        score = db.session.scalar(
            sa.select(sa.func.max(Attempt.score)).where(
                Attempt.user_id == user.id,
                Attempt.module_id == module.id,
                Attempt.passed.is_(True),
                what_counts([module.id]).counted_attempt(),
            )
        )
    completion = Completion(
        user_id=user.id,
        module_id=module.id,
        module_version_id=module.current_version_id,
        score=score,
        certificate_code=secrets.token_hex(8).upper(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(completion)
            # The certificate is issued in the same moment: no batch job, no waiting.
            issue_for_completion(user, module, completion)
    except IntegrityError:
        # Another request completed this version a moment ago: theirs stands.
        return db.session.scalar(
            sa.select(Completion).where(
                Completion.user_id == user.id,
                Completion.module_version_id == module.current_version_id,
            )
        )
    return completion
