from flask import Blueprint

from app.auth.policy import Ability, guard_blueprint
from app.security import keep_out_of_caches

bp = Blueprint("reports", __name__, url_prefix="/reports")
guard_blueprint(bp, Ability.READ_REPORTS)
keep_out_of_caches(bp)

from app.reports import routes  # noqa: E402,F401
