from flask import Blueprint

from app.auth.policy import Ability, guard_blueprint
from app.security import keep_out_of_caches

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, Ability.ADMINISTER)
keep_out_of_caches(bp)

# Each module attaches its routes to bp: tokens and the log, organisations, accounts, import.
from app.admin import accounts, imports, organisations, routes  # noqa: E402,F401
