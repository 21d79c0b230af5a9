from flask import Blueprint

from app.auth.policy import Ability, guard_blueprint

bp = Blueprint("author", __name__, url_prefix="/author")
guard_blueprint(bp, Ability.AUTHOR)

from app.author import routes  # noqa: E402,F401
