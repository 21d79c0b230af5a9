"""The words people see for codes stored in the database (roles, audiences, states)."""

from flask_babel import lazy_gettext as _l

from app.vocabulary import EVERYONE, Audience, ModuleStatus, OrganisationKind, Role

AUDIENCE_NAMES = {
    Audience.COMMISSIONER: _l("Welfare commissioner"),
    Audience.CENTER: _l("Community support centre"),
    Audience.COUNSELOR: _l("Counselor"),
    EVERYONE: _l("Everyone"),
}
ROLE_NAMES = {
    Role.LEARNER: _l("Learner"),
    Role.TRAINER: _l("Trainer"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}
ORGANISATION_KIND_NAMES = {
    OrganisationKind.MUNICIPALITY: _l("Municipality"),
    OrganisationKind.CENTRE: _l("Centre"),
    OrganisationKind.NPO: _l("NPO"),
    OrganisationKind.OTHER: _l("Other"),
}
STATUS_NAMES = {
    ModuleStatus.NOT_STARTED: _l("Not started"),
    ModuleStatus.IN_PROGRESS: _l("In progress"),
    ModuleStatus.COMPLETED: _l("Completed"),
    ModuleStatus.EXPIRED: _l("Expired: to be taken again"),
}
