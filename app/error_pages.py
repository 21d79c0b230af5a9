"""403, 404, 500 (and CSRF 400) in the app's own look, never a stack trace."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.extensions import db


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

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return page(
            500,
            _("Something went wrong on our side"),
            _("Please try again in a moment. Your progress so far is saved."),
        )
