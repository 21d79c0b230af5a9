"""Assigning modules to an organisation with a due date."""

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import ModuleAssignment


def assignments_of(organisation_id: int) -> list[ModuleAssignment]:
    return list(
        db.session.scalars(
            sa.select(ModuleAssignment)
            .where(ModuleAssignment.organisation_id == organisation_id)
            .order_by(ModuleAssignment.due_date, ModuleAssignment.module_id)
        )
    )


def set_due_date(organisation_id: int, module_id: int, audience: str, due: date) -> None:
    """One due date per organisation, module and audience ('all' for everyone): set or move it."""
    assignment = db.session.scalar(
        sa.select(ModuleAssignment).where(
            ModuleAssignment.organisation_id == organisation_id,
            ModuleAssignment.module_id == module_id,
            ModuleAssignment.audience == audience,
        )
    )
    if assignment is None:
        db.session.add(
            ModuleAssignment(
                organisation_id=organisation_id,
                module_id=module_id,
                audience=audience,
                due_date=due,
            )
        )
    else:
        assignment.due_date = due
    db.session.flush()
