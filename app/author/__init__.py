from flask import Blueprint

from app.auth.policy import Ability, guard_blueprint
from app.security import keep_out_of_caches

bp = Blueprint("author", __name__, url_prefix="/author")
guard_blueprint(bp, Ability.AUTHOR)
# Drafts change from one second to the next, and statistics with every attempt.
keep_out_of_caches(bp)

from app.author.problem_text import problem_line, problem_text  # noqa: E402

# The content check's words in the page's language (app/author/problem_text.py).
bp.add_app_template_filter(problem_text, "problem_text")
bp.add_app_template_filter(problem_line, "problem_line")

from app.author import (  # noqa: E402,F401
    editing,
    gift_pages,
    home,
    module_editor,
    publish_pages,
    quiz_editor,
    routes,
    versions,
)
