"""Every error in the app's own look, in the reader's language (Japanese by default), never
a stack trace: a page for people, and JSON of one documented shape under /api/.

Any HTTP error Werkzeug or a view can raise (400 to 431, 500) comes here, so no plain
English Werkzeug page ever reaches a volunteer.
"""

from urllib.parse import urlsplit

import sqlalchemy.exc
from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask.globals import request_ctx
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, login_manager
from app.request_input import BadParameter
from app.site_address import base_url

API_PREFIX = "/api/"

# What SQLAlchemy raises when the database cannot be reached or drops the connection (the
# pool's pre-ping replaces dead connections, so the app recovers by itself once it is back).
DATABASE_DOWN = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
)

# status: (title, what to do), for people
PAGES = {
    400: (_l("Something in the request was wrong"), _l("Please go back and try again.")),
    401: (_l("Please log in"), _l("Log in first, then open this page again.")),
    403: (
        _l("You cannot open this page"),
        _l("Your account does not have access to this page."),
    ),
    404: (
        _l("Page not found"),
        _l("The page you were looking for does not exist or has moved."),
    ),
    405: (_l("This action is not available here"), _l("Please use the buttons on the page.")),
    410: (_l("This page is no longer available"), _l("Please go back and start again.")),
    413: (_l("What was sent is too large"), None),  # the advice names the limit: see texts()
    414: (_l("The address is too long"), _l("Please go back and try again.")),
    429: (
        _l("Too many attempts"),
        _l("For your safety, please wait a minute before trying again."),
    ),
    431: (_l("The request is too large"), _l("Please go back and try again.")),
    500: (
        _l("Something went wrong on our side"),
        _l("Please try again in a moment. Your progress so far is saved."),
    ),
    503: (
        _l("Yorisoi is briefly unavailable"),
        _l(
            "Please try again in a few minutes. If you had just sent something, check "
            "whether it was saved before sending it again."
        ),
    ),
}

# status: a stable code for programs, for the API's JSON
API_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    429: "too_many_requests",
    431: "headers_too_large",
    500: "server_error",
    503: "unavailable",
}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, message: str, **extra) -> Response:
    """The API's one error shape: {"error": {"status", "code", "message", …}}."""
    body = {"status": status, "code": API_CODES.get(status, "error"), "message": message}
    body.update(extra)
    response = jsonify(error=body)
    response.status_code = status
    return response


def error_page(status: int, title: str, message: str) -> Response:
    if request_ctx.url_adapter is None:
        # The request named a host that is not trusted, so Flask made no URL adapter: the
        # page's links are built for the configured site instead.
        parts = urlsplit(base_url())
        request_ctx.url_adapter = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
        )
    return make_response(
        render_template("errors/error.html", status=status, title=title, message=message), status
    )


def register_error_handlers(app: Flask) -> None:
    def texts(status: int) -> tuple[str, str]:
        if status == 413:
            limit = (app.config.get("MAX_CONTENT_LENGTH") or 0) / (1024 * 1024)
            advice = _(
                "A file or form can be at most %(mb)s MB. Please send a smaller one.",
                mb=f"{limit:g}",
            )
            return str(PAGES[413][0]), advice
        title, advice = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
        return str(title), str(advice)

    def answer(error: HTTPException, message: str | None = None) -> Response:
        status = error.code or 500
        title, advice = texts(status)
        if is_api_request():
            extra = {}
            if isinstance(error, BadParameter):
                extra = {"parameter": error.parameter, "allowed": error.allowed}
            response = api_error(status, message or title, **extra)
        else:
            response = error_page(status, title, message or advice)
        # Keep what Werkzeug adds for the client: Allow on 405, WWW-Authenticate on 401, …
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, BadParameter):
            return answer(error, error.message)
        return answer(error)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if is_api_request():
            return answer(error)
        return error_page(
            400,
            _("This form has expired"),
            _("Please go back, reload the page and send the form again."),
        )

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        _roll_back()
        return answer(error)

    def database_unavailable(error: Exception):
        """The database is down or restarting: 503 with our own page (JSON under /api/), no
        stack trace, and nothing half-written (the transaction is gone with its connection)."""
        current_app.logger.warning("database unavailable: %s", error.__class__.__name__)
        _roll_back()
        # The page is shown as to someone logged out: it must not need the database (the
        # logged-in user's row would be read again).
        g._login_user = login_manager.anonymous_user()
        title, advice = texts(503)
        response = api_error(503, title) if is_api_request() else error_page(503, title, advice)
        response.headers["Retry-After"] = "30"
        return response

    for error_class in DATABASE_DOWN:
        app.register_error_handler(error_class, database_unavailable)


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone: nothing to roll back
        db.session.remove()
