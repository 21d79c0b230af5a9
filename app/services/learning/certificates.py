"""Certificates: one per completed module, and one when an audience's whole curriculum is done.

Issued at once, at the moment of completion (no batch job), with what they say kept as issued.
"""

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.dates import tokyo_date, wareki
from app.extensions import db
from app.labels import AUDIENCE_NAMES
from app.models import Certificate, Completion, Module, User
from app.renderers.certificate_pdf import CertificateContent
from app.services.learning.curriculum import modules_for, progress_for
from app.vocabulary import CertificateKind


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
    """When every module of the learner's audience is complete, their curriculum certificate."""
    if not user.audience:
        return None
    existing = db.session.scalar(
        sa.select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.kind == CertificateKind.CURRICULUM,
            Certificate.audience == user.audience,
        )
    )
    if existing is not None:
        return existing
    progress = progress_for(user, modules_for(user.audience))
    if not progress or any(p.completion is None for p in progress):
        return None
    holder, organisation = _holder(user)
    certificate = Certificate(
        code=_code(),
        kind=CertificateKind.CURRICULUM,
        user_id=user.id,
        audience=user.audience,
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


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.kind.desc(), Certificate.issued_at)
        )
    )


def certificate_by_code(code: str) -> Certificate | None:
    return db.session.scalar(sa.select(Certificate).where(Certificate.code == code.upper()))


def content_of(certificate: Certificate, issuer: str = "") -> CertificateContent:
    """What the certificate says, as issued; `issuer` names the organisation issuing it."""
    issued = tokyo_date(certificate.issued_at)
    return CertificateContent(
        code=certificate.code,
        kind=certificate.kind,
        holder=certificate.holder_name,
        organisation=certificate.organisation_name,
        titles=tuple(certificate.titles),
        issued_on=issued,
        issued_on_wareki=wareki(issued),
        audience_label=str(AUDIENCE_NAMES.get(certificate.audience or "", "")),
        issuer=issuer,
    )
