"""Due dates: a coordinator assigns a module to their organisation, for everyone or one
audience, and reports and learners see the date that applies to each person."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import ModuleAssignment, Organisation
from app.services.administration.organisations import organisation_ids
from app.vocabulary import EVERYONE


def assignments_of(organisation_id: int) -> list[ModuleAssignment]:
    return list(
        db.session.scalars(
            sa.select(ModuleAssignment)
            .where(ModuleAssignment.organisation_id == organisation_id)
            .order_by(ModuleAssignment.due_date, ModuleAssignment.module_id)
        )
    )


def set_due_date(organisation_id: int, module_id: int, audience: str, due: date) -> None:
    """One due date per organisation, module and audience (EVERYONE for all): set or move it."""
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


def drop_due_date(organisation_id: int, assignment_id: int) -> bool:
    """Remove one of the organisation's due dates; False if it has no such date."""
    assignment = db.session.get(ModuleAssignment, assignment_id)
    if assignment is None or assignment.organisation_id != organisation_id:
        return False
    db.session.delete(assignment)
    db.session.flush()
    return True


@dataclass
class DueDates:
    """Effective due dates: an audience's own date wins over the organisation-wide one, and
    an organisation's own dates over those of the municipality it belongs to."""

    by_key: dict[tuple[int, int, str], date] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)

    def due(self, organisation_id: int, module_id: int, audience: str | None) -> date | None:
        for org in (organisation_id, self.parents.get(organisation_id)):
            if org is None:
                continue
            found = self.by_key.get((org, module_id, audience or EVERYONE)) or self.by_key.get(
                (org, module_id, EVERYONE)
            )
            if found is not None:
                return found
        return None


def load_due_dates(organisation_id: int | None) -> DueDates:
    """The due dates that apply to `organisation_id` (and the centres under it), or all."""
    query = sa.select(
        ModuleAssignment.organisation_id,
        ModuleAssignment.module_id,
        ModuleAssignment.audience,
        ModuleAssignment.due_date,
    )
    parents_query = sa.select(Organisation.id, Organisation.parent_id)
    if organisation_id is not None:
        # The organisation, its centres, and the municipality above it (whose dates they share).
        family = sa.union(
            organisation_ids(organisation_id),
            sa.select(Organisation.parent_id).where(
                Organisation.id == organisation_id, Organisation.parent_id.is_not(None)
            ),
        ).subquery()
        query = query.where(ModuleAssignment.organisation_id.in_(sa.select(family.c[0])))
        parents_query = parents_query.where(Organisation.id.in_(organisation_ids(organisation_id)))
    return DueDates(
        {(o, m, a): d for o, m, a, d in db.session.execute(query)},
        dict(db.session.execute(parents_query).all()),
    )
