"""Yorisoi: training for the people who support others out of social withdrawal."""

import logging

from flask import Flask
from flask.logging import default_handler
from flask_babel import get_locale
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import load_config
from app.error_pages import register_error_handlers
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.locale import select_locale
from app.request_input import register_request_input
from app.security import register_security
from app.template_gettext import register_template_gettext
from app.templating import register_templating


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.update(config)

    trust_proxies(app)
    register_extensions(app)
    register_request_input(app)  # before the blueprints: their routes use its <id:…>
    register_blueprints(app)
    register_templating(app)
    register_security(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N load balancers, take the client's address from X-Forwarded-For: rate limits
    and the audit log must see the person, not the balancer."""
    count = int(app.config.get("PROXY_COUNT", 0))
    if count:
        # Flask's documented way to add WSGI middleware; mypy refuses to assign to a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    log_rate_limit_storage()
    babel.init_app(app, locale_selector=select_locale)
    register_template_gettext(app)  # the catalogue once a request, not once a string
    app.jinja_env.globals["get_locale"] = get_locale
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page says why on its own
    from app.auth.sessions import load_user

    login_manager.user_loader(load_user)
    from app.database_tuning import end_sessions_safely, tune_sqlite

    end_sessions_safely(app)
    with app.app_context():
        tune_sqlite(db.engine)


def log_rate_limit_storage() -> None:
    """Flask-Limiter says when Redis is unreachable (it then limits in memory) and when it is
    back, on a logger of its own that logs nowhere: into the app's log (standard error, the
    journal under systemd)."""
    logger = logging.getLogger("flask-limiter")
    if default_handler not in logger.handlers:
        logger.addHandler(default_handler)
    logger.setLevel(logging.INFO)


def register_blueprints(app: Flask) -> None:
    from app.account import bp as account_bp
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.author import bp as author_bp
    from app.directory import bp as directory_bp
    from app.learn import bp as learn_bp
    from app.public import bp as public_bp
    from app.reports import bp as reports_bp

    # The API authenticates with bearer tokens, not cookies: no CSRF to forge.
    csrf.exempt(api_bp)
    for blueprint in (
        public_bp,
        auth_bp,
        learn_bp,
        reports_bp,
        directory_bp,
        admin_bp,
        account_bp,
        api_bp,
        author_bp,
    ):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from app.cli import register_commands as add_commands

    add_commands(app)
