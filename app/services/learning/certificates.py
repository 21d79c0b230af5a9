"""Certificates: one per completed module, and one when an audience's whole curriculum is done.

Issued at once, at the moment of completion (no batch job), with what they say kept as issued.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.dates import tokyo_date, wareki
from app.extensions import db
from app.labels import AUDIENCE_NAMES
from app.models import Certificate, Completion, Module, ModuleVersion, User
from app.renderers.certificate_pdf import CertificateContent, ExpiredEntry
from app.services.learning.curriculum import modules_for, progress_for
from app.services.learning.recertification import what_counts
from app.vocabulary import EVERYONE, CertificateKind


def _code() -> str:
    # 10 characters from an alphabet without 0/O and 1/I, so it can be read out by phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def _holder(user: User) -> tuple[str, str]:
    return user.display_name, user.organisation.name


def issue_for_completion(user: User, module: Module, completion: Completion) -> Certificate:
    """The module certificate, with the completion's own code."""
    db.session.flush()  # the completion needs its id
    holder, organisation = _holder(user)
    certificate = Certificate(
        code=completion.certificate_code,
        kind=CertificateKind.MODULE,
        user_id=user.id,
        completion_id=completion.id,
        holder_name=holder,
        organisation_name=organisation,
        titles=[module.version.title],
        issued_at=completion.completed_at,
    )
    db.session.add(certificate)
    db.session.flush()
    issue_curriculum_if_complete(user)
    return certificate


def issue_curriculum_if_complete(user: User) -> Certificate | None:
    """When every module of the learner's audience is complete, their curriculum certificate.

    One per audience; after a re-certification expired a module it stood on, completing the
    curriculum again issues the next edition, and the older one stays as it was.
    """
    if not user.audience:
        return None
    latest = db.session.scalar(
        sa.select(Certificate)
        .where(
            Certificate.user_id == user.id,
            Certificate.kind == CertificateKind.CURRICULUM,
            Certificate.audience == user.audience,
        )
        .order_by(Certificate.edition.desc())
        .limit(1)
    )
    if latest is not None and not expired_modules([latest]):
        return latest
    progress = progress_for(user, modules_for(user.audience))
    if not progress or any(p.completion is None for p in progress):
        return None
    holder, organisation = _holder(user)
    certificate = Certificate(
        code=_code(),
        kind=CertificateKind.CURRICULUM,
        user_id=user.id,
        audience=user.audience,
        edition=latest.edition + 1 if latest is not None else 1,
        holder_name=holder,
        organisation_name=organisation,
        titles=[p.version.title for p in progress],
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:  # issued a moment ago by a concurrent request
        return None
    return certificate


@dataclass(frozen=True)
class ExpiredModule:
    """A module a certificate stands on whose completion has since expired."""

    module_id: int
    title: str  # as completed
    updated_at: datetime  # when the version that asked for re-certification was published


def expired_modules(certificates: Sequence[Certificate]) -> dict[int, list[ExpiredModule]]:
    """Certificate id -> the modules whose completion it records has expired (none: absent).

    A module certificate stands on its completion; a curriculum certificate on the holder's
    latest completion of each of its audience's modules at the moment it was issued. Two
    queries, whatever the number of certificates.
    """
    counts = what_counts()
    if not certificates or not counts.expired_versions:
        return {}
    rows = db.session.execute(
        sa.select(
            Completion.id,
            Completion.user_id,
            Completion.module_id,
            Completion.module_version_id,
            Completion.completed_at,
            ModuleVersion.title,
            ModuleVersion.audiences,
        )
        .join(ModuleVersion, Completion.module_version_id == ModuleVersion.id)
        .where(Completion.user_id.in_({c.user_id for c in certificates}))
        .order_by(Completion.completed_at, Completion.id)
    ).all()

    def expired(row: sa.Row) -> ExpiredModule | None:
        if counts.version_counts(row.module_version_id):
            return None
        mark = counts.marks[row.module_id]
        return ExpiredModule(row.module_id, row.title, mark.since)

    found: dict[int, list[ExpiredModule]] = {}
    for certificate in certificates:
        if certificate.kind == CertificateKind.MODULE:
            stood_on = [row for row in rows if row.id == certificate.completion_id]
        else:
            latest = {
                row.module_id: row  # ordered by time: the latest of each module wins
                for row in rows
                if row.user_id == certificate.user_id
                and row.completed_at <= certificate.issued_at
                and (EVERYONE in row.audiences or certificate.audience in row.audiences)
            }
            stood_on = list(latest.values())
        entries = [entry for row in stood_on if (entry := expired(row)) is not None]
        if entries:
            order = {title: i for i, title in enumerate(certificate.titles)}
            found[certificate.id] = sorted(entries, key=lambda e: order.get(e.title, len(order)))
    return found


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.kind.desc(), Certificate.issued_at, Certificate.id)
        )
    )


def certificate_by_code(code: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code.upper()))


def content_of(certificate: Certificate, issuer: str = "") -> CertificateContent:
    """What the certificate says, as issued (`issuer` names the organisation issuing it), and
    which of the completions it records have expired since."""
    issued = tokyo_date(certificate.issued_at)
    expired = []
    for entry in expired_modules([certificate]).get(certificate.id, []):
        updated = tokyo_date(entry.updated_at)
        expired.append(ExpiredEntry(entry.title, updated, wareki(updated)))
    return CertificateContent(
        code=certificate.code,
        kind=certificate.kind,
        holder=certificate.holder_name,
        organisation=certificate.organisation_name,
        titles=tuple(certificate.titles),
        issued_on=issued,
        issued_on_wareki=wareki(issued),
        audience_label=str(AUDIENCE_NAMES.get(certificate.audience or "", "")),
        edition=certificate.edition,
        expired=tuple(expired),
        issuer=issuer,
    )
