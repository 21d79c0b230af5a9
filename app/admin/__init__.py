from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Each module attaches its routes to bp: tokens and the log, organisations, accounts, import.
from app.admin import accounts, imports, organisations, routes  # noqa: E402,F401
