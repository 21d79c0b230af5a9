"""Where the module and quiz editors live, in one place for every page that links to them.

The editors are built on a branch of their own (endpoints `author.edit_module` and
`author.edit_quiz`). Until both branches meet, the link falls back to the editors' agreed
paths; once the endpoints exist, url_for builds them and the fallback is never used.
"""

from urllib.parse import quote

from flask import request, url_for
from werkzeug.routing import BuildError

from app.author import bp


def _url(endpoint: str, path: str, slug: str) -> str:
    try:
        return url_for(endpoint, slug=slug)
    except BuildError:
        return request.script_root + path.format(slug=quote(slug, safe=""))


@bp.app_template_global()
def module_editor_url(slug: str) -> str:
    return _url("author.edit_module", "/author/modules/{slug}/edit", slug)


@bp.app_template_global()
def quiz_editor_url(slug: str) -> str:
    return _url("author.edit_quiz", "/author/modules/{slug}/quiz/edit", slug)
