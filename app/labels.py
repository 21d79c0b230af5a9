"""The words people see for codes stored in the database (roles, audiences, states)."""

from flask_babel import lazy_gettext as _l

from app.vocabulary import EVERYONE, Audience, ModuleStatus, OrganisationKind, Origin, Role

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
ORIGIN_NAMES = {
    Origin.FILE: _l("From a file"),
    Origin.BROWSER: _l("In the browser"),
}
# The question types of app/content/question_types.py, as trainers read them.
QUESTION_TYPE_NAMES = {
    "single": _l("One answer"),
    "multiple": _l("All that apply"),
    "true_false": _l("True or false"),
    "scenario": _l("Case"),
    "matching": _l("Matching"),
}
