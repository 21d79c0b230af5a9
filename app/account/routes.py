"""A person's own account: their display name and password, and the one-time links an
admin hands out to set a password."""

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from app.account import bp
from app.account.forms import ChangePasswordForm, DisplayNameForm, NewPasswordForm
from app.auth.sessions import start_fresh_session
from app.extensions import db, limiter
from app.form_pages import render_form, show_beside_field
from app.models.password_links import LINK_LIFETIME_HOURS
from app.services.administration.audit import record
from app.services.administration.password_links import (
    EXPIRED,
    USABLE,
    USED,
    LinkAlreadyUsed,
    find_password_link,
    link_state,
    use_password_link,
)
from app.services.field_errors import FieldError


@bp.after_request
def private(response):
    if request.endpoint == "account.password_link":
        # The token is in this page's address: never send it on to another site.
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _page(name_form=None, password_form=None, status=200):
    return render_template(
        "account/index.html",
        name_form=name_form or DisplayNameForm(obj=current_user),
        password_form=password_form or ChangePasswordForm(),
    ), status


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    """The account page; its POST changes the display name, and nothing else."""
    if request.method == "GET":
        return _page()
    form = DisplayNameForm()
    if not form.validate_on_submit():
        return _page(name_form=form, status=422)
    current_user.display_name = (form.display_name.data or "").strip()
    db.session.commit()
    flash(_("Your name has been saved."), "info")
    return redirect(url_for("account.index"))


def _password_limit() -> str:
    return current_app.config.get("LOGIN_RATE_LIMIT", "5 per minute")


def _account_key() -> str:
    return f"password-change:{current_user.get_id()}"


@bp.route("/password", methods=["POST"])
@login_required
@limiter.limit(_password_limit, key_func=_account_key)
def change_password():
    """Checking the current password makes a stolen session not enough to take the account."""
    form = ChangePasswordForm()
    form.username = current_user.username
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    user = current_user._get_current_object()
    if not user.check_password(form.current_password.data):
        show_beside_field(
            form, FieldError("current_password", _("The current password is not correct."))
        )
        return _page(password_form=form, status=422)
    user.set_password(form.new_password.data)
    user.rotate_session_token()  # every other browser is logged out…
    record("account.password_change", user)
    db.session.commit()
    start_fresh_session(user)  # …and this one carries on with a new session
    flash(_("Your password has been changed. You were logged out on other devices."), "info")
    return redirect(url_for("account.index"))


UNUSABLE = {
    None: (
        404,
        _l("This link does not work"),
        _l(
            "Please check that you copied the whole address, or ask your administrator "
            "for a new link."
        ),
    ),
    USED: (
        410,
        _l("This link has already been used"),
        _l(
            "Each link works only once. If you have forgotten your password, ask your "
            "administrator for a new link."
        ),
    ),
    EXPIRED: (
        410,
        _l("This link has expired"),
        _l(
            "A link works for %(hours)s hours, and only the newest one works. Please ask your "
            "administrator for a new link.",
            hours=LINK_LIFETIME_HOURS,
        ),
    ),
}


def _unusable(state: str | None):
    # A deactivated account's link reads as expired: it tells a stranger nothing more.
    status, title, message = UNUSABLE.get(state, UNUSABLE[EXPIRED])
    return render_template("account/link_unusable.html", title=title, message=message), status


@bp.route("/password/<token>", methods=["GET", "POST"])
def password_link(token):
    """Set a password with a one-time link. Opening it changes nothing: only the form does,
    so a link preview or a virus scanner cannot use it up."""
    link = find_password_link(token)
    if link is None:
        return _unusable(None)
    state = link_state(link)
    if state != USABLE:
        return _unusable(state)
    user = link.user
    form = NewPasswordForm()
    form.username = user.username
    if form.validate_on_submit():
        try:
            use_password_link(link, form.new_password.data or "")
        except LinkAlreadyUsed:
            db.session.rollback()
            return _unusable(USED)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()  # whoever was logged in on this browser, it is not them any more
        language = session.get("lang")
        session.clear()
        if language:
            session["lang"] = language
        flash(
            _(
                "Your password has been set. Log in with your username %(username)s "
                "and the new password.",
                username=user.username,
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_form("account/password_link.html", form, user=user, link=link)
