"""All models, imported here so that Alembic and the app see one metadata."""

from app.models.api_tokens import ApiToken
from app.models.assignments import ASSIGNMENT_AUDIENCES, ModuleAssignment
from app.models.audit import AuditEvent
from app.models.certificates import CERTIFICATE_KINDS, Certificate
from app.models.content import (
    GlossaryTerm,
    Module,
    ModuleVersion,
    Question,
    Quiz,
    QuizVersion,
    Section,
)
from app.models.directory import ConsultationWindow
from app.models.learning import Attempt, Completion, SectionRead
from app.models.password_links import LINK_PURPOSES, PasswordLink
from app.models.people import AUDIENCES, ORGANISATION_KINDS, ROLES, Organisation, User

__all__ = [
    "ASSIGNMENT_AUDIENCES",
    "AUDIENCES",
    "LINK_PURPOSES",
    "ORGANISATION_KINDS",
    "ROLES",
    "ApiToken",
    "Attempt",
    "CERTIFICATE_KINDS",
    "Certificate",
    "AuditEvent",
    "Completion",
    "ConsultationWindow",
    "GlossaryTerm",
    "Module",
    "ModuleAssignment",
    "ModuleVersion",
    "Organisation",
    "PasswordLink",
    "Question",
    "Quiz",
    "QuizVersion",
    "Section",
    "SectionRead",
    "User",
]
