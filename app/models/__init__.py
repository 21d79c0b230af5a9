"""All models, imported here so that Alembic and the app see one metadata."""

from app.models.api_tokens import ApiToken
from app.models.assignments import ModuleAssignment
from app.models.audit import AuditEvent
from app.models.certificates import Certificate
from app.models.content import (
    ContentRevision,
    GlossarySource,
    GlossaryTerm,
    Module,
    ModuleVersion,
    Question,
    Quiz,
    QuizVersion,
    Section,
)
from app.models.directory import ConsultationWindow
from app.models.drafts import DraftRevision, ModuleDraft
from app.models.learning import Attempt, Completion, SectionRead
from app.models.password_links import PasswordLink
from app.models.people import Organisation, User
from app.models.user_imports import UserImport

__all__ = [
    "ApiToken",
    "Attempt",
    "Certificate",
    "AuditEvent",
    "Completion",
    "ConsultationWindow",
    "ContentRevision",
    "DraftRevision",
    "GlossarySource",
    "GlossaryTerm",
    "Module",
    "ModuleAssignment",
    "ModuleDraft",
    "ModuleVersion",
    "Organisation",
    "PasswordLink",
    "Question",
    "Quiz",
    "QuizVersion",
    "Section",
    "SectionRead",
    "User",
    "UserImport",
]
