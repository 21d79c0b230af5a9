"""The words people see for codes stored in the database (roles, audiences, states)."""

from flask_babel import lazy_gettext as _l

AUDIENCE_NAMES = {
    "commissioner": _l("Welfare commissioner"),
    "center": _l("Community support centre"),
    "counselor": _l("Counselor"),
    "all": _l("Everyone"),
}
ROLE_NAMES = {
    "learner": _l("Learner"),
    "trainer": _l("Trainer"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
}
ORGANISATION_KIND_NAMES = {
    "municipality": _l("Municipality"),
    "centre": _l("Centre"),
    "npo": _l("NPO"),
    "other": _l("Other"),
}
STATUS_NAMES = {
    "not_started": _l("Not started"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
}
