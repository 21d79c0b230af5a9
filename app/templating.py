"""What templates can use: date filters as people in Tokyo read them, the domain's words
and the access policy."""

import hashlib
from pathlib import Path

from flask import Flask
from flask_login import current_user
from markupsafe import Markup

from app import vocabulary
from app.auth.policy import Ability, can
from app.content.module_files import source_parts
from app.dates import to_tokyo, tokyo_date, tokyo_today, wareki
from app.labels import AUDIENCE_NAMES, ORGANISATION_KIND_NAMES, ROLE_NAMES, STATUS_NAMES
from app.page_parts import CSRF_SLOT, module_sections, section_slot, site_header, version_part


def register_templating(app: Flask) -> None:
    # The domain's codes, so that templates never spell one out: vocab.Audience, ...
    app.jinja_env.globals["vocab"] = vocabulary
    app.jinja_env.globals["source_parts"] = source_parts
    # The access policy, for navigation: {% if can(Ability.READ_REPORTS) %}.
    app.jinja_env.globals["Ability"] = Ability
    app.jinja_env.globals["can"] = lambda ability: can(current_user, ability)
    app.jinja_env.globals["audience_name"] = lambda code: AUDIENCE_NAMES.get(code, code or "")
    app.jinja_env.globals["status_name"] = lambda code: STATUS_NAMES.get(code, code)
    app.jinja_env.globals["role_name"] = lambda code: ROLE_NAMES.get(code, code)
    app.jinja_env.globals["kind_name"] = lambda code: ORGANISATION_KIND_NAMES.get(code, code)
    app.jinja_env.globals["today"] = tokyo_today
    # Parts rendered once per worker (app/page_parts.py).
    app.jinja_env.globals["site_header"] = site_header
    app.jinja_env.globals["version_part"] = version_part
    app.jinja_env.globals["module_sections"] = module_sections
    app.jinja_env.globals["section_slot"] = section_slot
    app.jinja_env.globals["csrf_slot"] = Markup(CSRF_SLOT)

    @app.template_filter("day")
    def day(value) -> str:
        """ISO date in Japan time, for tables and exports."""
        if value is None:
            return ""
        local = tokyo_date(value) if hasattr(value, "hour") else value
        return local.isoformat()

    @app.template_filter("minute")
    def minute(value) -> str:
        """Date and time to the minute in Japan time, for logs."""
        if value is None:
            return ""
        return to_tokyo(value).strftime("%Y-%m-%d %H:%M")

    @app.template_filter("clock")
    def clock(value) -> str:
        """The time of day in Japan time ("14:05"), with the date when it was not today."""
        if value is None:
            return ""
        local = to_tokyo(value)
        if local.date() == tokyo_today():
            return local.strftime("%H:%M")
        return local.strftime("%Y-%m-%d %H:%M")

    @app.template_filter("wareki")
    def wareki_filter(value) -> str:
        return wareki(value)

    version_static_urls(app)


def version_static_urls(app: Flask) -> None:
    """url_for('static', …) adds ?v=<the file's content hash>: nginx may then let browsers
    keep static files for a year (deploy/nginx/yorisoi.conf), and a release that changes a
    file changes its address. Files do not change while a worker runs: hashed once."""
    versions: dict[str, str] = {}

    @app.url_defaults
    def static_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "filename" not in values or "v" in values:
            return
        filename = values["filename"]
        version = versions.get(filename)
        if version is None:
            path = Path(app.static_folder or "") / filename
            version = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else ""
            versions[filename] = version
        if version:
            values["v"] = version
