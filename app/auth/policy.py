"""Who may do what, in one place. Routes ask here; they never compare roles themselves.

Two kinds of refusal, decided once:
- an area a role has no access to at all (a learner on /reports, a coordinator on /admin)
  answers 403, and the page says the account has no access;
- another organisation's data, or another person's, answers 404, exactly as if it did not
  exist: a coordinator cannot even learn that a learner, window or certificate exists
  elsewhere (OWASP ASVS V8.2.2, no insecure direct object references).
"""

from enum import StrEnum
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.extensions import db, login_manager
from app.models import Attempt, Certificate, Organisation, User
from app.request_input import record_id
from app.vocabulary import Role

NOT_YOURS = 404  # another organisation's or person's data
NO_ACCESS = 403  # an area this role never enters


class Ability(StrEnum):
    READ_REPORTS = "read_reports"
    MANAGE_DIRECTORY = "manage_directory"
    AUTHOR = "author"
    ADMINISTER = "administer"
    # Reports, windows and certificates of every organisation, not only one's own.
    SEE_EVERY_ORGANISATION = "see_every_organisation"


ABILITIES: dict[Role, frozenset[Ability]] = {
    Role.LEARNER: frozenset(),
    Role.TRAINER: frozenset({Ability.AUTHOR}),
    Role.COORDINATOR: frozenset({Ability.READ_REPORTS, Ability.MANAGE_DIRECTORY}),
    Role.ADMIN: frozenset(Ability),
}


def can(user, ability: Ability) -> bool:
    """Whether `user` (possibly anonymous) has `ability`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ability in ABILITIES.get(Role(user.role), frozenset())


def requires(ability: Ability):
    """Route guard: logged in (else the login page) and holding `ability` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(current_user, ability):
                abort(NO_ACCESS)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def guard_blueprint(blueprint, ability: Ability) -> None:
    """Every route of an audience blueprint needs `ability`: one rule for the whole area."""

    @blueprint.before_request
    def check_ability():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can(current_user, ability):
            abort(NO_ACCESS)
        return None


def ensure(allowed: bool) -> None:
    """Stop with 404 unless `allowed`: for another organisation's or person's data."""
    if not allowed:
        abort(NOT_YOURS)


# --- organisations ----------------------------------------------------------------------


def sees_every_organisation(user) -> bool:
    return can(user, Ability.SEE_EVERY_ORGANISATION)


def may_see_organisation(user, organisation: Organisation) -> bool:
    """Admins see every organisation; others their own and the centres and NPOs under it."""
    if sees_every_organisation(user):
        return True
    return user.organisation_id in (organisation.id, organisation.parent_id)


def may_manage_organisation(user, organisation: Organisation) -> bool:
    """Consultation windows and due dates: a coordinator's own organisation, or any (admins)."""
    if sees_every_organisation(user):
        return True
    return can(user, Ability.MANAGE_DIRECTORY) and organisation.id == user.organisation_id


def chosen_organisation(user) -> Organisation | None:
    """The organisation an admin picked with `?organisation=`; None if they picked none.

    Anyone else always works on their own organisation, whatever the query string says.
    """
    if not sees_every_organisation(user):
        return user.organisation
    chosen = record_id("organisation")
    if chosen is None:
        return None
    organisation = db.session.get(Organisation, chosen)
    ensure(organisation is not None)
    return organisation


def report_scope(user) -> Organisation | None:
    """The organisation a report covers; None means every organisation (admins only)."""
    if not can(user, Ability.READ_REPORTS):
        abort(NO_ACCESS)
    return chosen_organisation(user)


def managed_organisation(user) -> Organisation:
    """The organisation whose windows or due dates are being managed: never None."""
    return chosen_organisation(user) or user.organisation


# --- people and their records --------------------------------------------------------------


def may_see_learner(user, learner: User) -> bool:
    """A learner's page: admins, or a coordinator of the learner's organisation (or of the
    municipality a centre belongs to)."""
    if learner.audience is None or not can(user, Ability.READ_REPORTS):
        return False
    return may_see_organisation(user, learner.organisation)


def may_open_certificate(user, certificate: Certificate) -> bool:
    """Its holder, and admins. Anyone may check it at /verify without seeing the PDF."""
    return certificate.user_id == user.id or sees_every_organisation(user)


def owns_attempt(user, attempt: Attempt) -> bool:
    return attempt.user_id == user.id


def home_endpoint(user) -> str:
    """Where a person starts: learners at their curriculum, staff at their own work."""
    if user.audience:
        return "learn.curriculum"
    if can(user, Ability.READ_REPORTS):
        return "reports.index"
    if can(user, Ability.AUTHOR):
        return "author.home"
    return "learn.curriculum"
