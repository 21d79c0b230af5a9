from flask import Blueprint

from app.security import keep_out_of_caches

bp = Blueprint("account", __name__, url_prefix="/account")
keep_out_of_caches(bp)

from app.account import routes  # noqa: E402,F401  (routes attach themselves to bp)
