from flask import Blueprint

from app.security import keep_out_of_caches

bp = Blueprint("api", __name__, url_prefix="/api/v1")
keep_out_of_caches(bp)

from app.api import routes  # noqa: E402,F401
