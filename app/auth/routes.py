import secrets

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import bp
from app.auth.forms import LoginForm, LogoutForm
from app.auth.policy import home_endpoint
from app.auth.redirects import safe_next
from app.database_tuning import reads_only
from app.extensions import db, limiter
from app.models import User


def home_for(user: User) -> str:
    """Where a person starts: learners at their curriculum, staff at their own work."""
    return url_for(home_endpoint(user))


def _account_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def _account_key() -> str:
    # Counted per account as well as per address: a botnet guessing one person's password
    # from many addresses is stopped too.
    return "login-account:" + (request.form.get("username") or "").strip().lower()


def _failed(_response) -> bool:
    """Only a login that did not succeed counts against the limits: a training room of
    volunteers behind one router logs in together, and a correct password is no attack."""
    return not g.get("logged_in")


# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("no-such-user-" + secrets.token_hex(8))


@bp.route("/login", methods=["GET", "POST"])
@reads_only  # checking a password writes nothing: no write lock held meanwhile (SQLite)
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        # Phones add a trailing space; usernames are unique regardless of case.
        name = (form.username.data or "").strip().lower()
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.username) == name))
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data or "")
        if user is None or not user.active or not user.check_password(form.password.data):
            # One message for every failure: it must not tell which usernames exist.
            flash(_("The username or password is not correct."), "error")
            return render_template("auth/login.html", form=form), 401
        next_page = safe_next(request.args.get("next"))
        language = session.get("lang")
        session.clear()  # a fresh session (and CSRF token) at login
        if language:
            session["lang"] = language
        login_user(user)
        g.logged_in = True
        return redirect(next_page or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():
        abort(400)
    # A new token makes every cookie issued before this moment worthless.
    current_user.rotate_session_token()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
