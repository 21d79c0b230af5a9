"""All models, imported here so that Alembic and the app see one metadata."""

from app.models.api_tokens import ApiToken
from app.models.assignments import ASSIGNMENT_AUDIENCES, ModuleAssignment
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
from app.models.people import AUDIENCES, ROLES, Organisation, User

__all__ = [
    "ASSIGNMENT_AUDIENCES",
    "AUDIENCES",
    "ROLES",
    "ApiToken",
    "Attempt",
    "Completion",
    "ConsultationWindow",
    "GlossaryTerm",
    "Module",
    "ModuleAssignment",
    "ModuleVersion",
    "Organisation",
    "Question",
    "Quiz",
    "QuizVersion",
    "Section",
    "SectionRead",
    "User",
]
