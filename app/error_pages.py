"""403, 404, 500 (and CSRF 400) in the app's own look, never a stack trace."""

import sqlalchemy.exc
from flask import Flask, current_app, g, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.extensions import db, login_manager

# What SQLAlchemy raises when the database cannot be reached or drops the connection (the
# pool's pre-ping replaces dead connections, so the app recovers by itself once it is back).
DATABASE_DOWN = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
)


def register_error_handlers(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        return render_template(
            "errors/error.html", status=status, title=title, message=message
        ), status

    @app.errorhandler(400)
    def bad_request(_error):
        return page(
            400, _("Something in the request was wrong"), _("Please go back and try again.")
        )

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return page(
            400,
            _("This form has expired"),
            _("Please go back, reload the page and send the form again."),
        )

    @app.errorhandler(403)
    def forbidden(_error):
        return page(
            403,
            _("You cannot open this page"),
            _("Your account does not have access to this page."),
        )

    @app.errorhandler(404)
    def not_found(_error):
        return page(
            404,
            _("Page not found"),
            _("The page you were looking for does not exist or has moved."),
        )

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return page(
            405, _("This action is not available here"), _("Please use the buttons on the page.")
        )

    @app.errorhandler(429)
    def too_many_requests(_error):
        return page(
            429,
            _("Too many attempts"),
            _("For your safety, please wait a minute before trying again."),
        )

    def database_unavailable(error):
        """The database is down or restarting: 503 with our own page, no stack trace, and
        nothing half-written (the transaction is gone with its connection)."""
        current_app.logger.warning("database unavailable: %s", error.__class__.__name__)
        _roll_back()
        # The page is shown as to someone logged out: it must not need the database (the
        # logged-in user's row would be read again).
        g._login_user = login_manager.anonymous_user()
        response = page(
            503,
            _("Yorisoi is briefly unavailable"),
            _(
                "Please try again in a few minutes. If you had just sent something, check "
                "whether it was saved before sending it again."
            ),
        )
        return response[0], 503, {"Retry-After": "30"}

    for error_class in DATABASE_DOWN:
        app.register_error_handler(error_class, database_unavailable)

    @app.errorhandler(500)
    def server_error(_error):
        _roll_back()
        return page(
            500,
            _("Something went wrong on our side"),
            _("Please try again in a moment. Your progress so far is saved."),
        )


def _roll_back() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is already gone: nothing to roll back
        db.session.remove()
