"""All models, imported here so that Alembic and the app see one metadata."""

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
    "AUDIENCES",
    "ROLES",
    "Attempt",
    "Completion",
    "ConsultationWindow",
    "GlossaryTerm",
    "Module",
    "ModuleVersion",
    "Organisation",
    "Question",
    "Quiz",
    "QuizVersion",
    "Section",
    "SectionRead",
    "User",
]
