"""Accounts: find, create, change and deactivate people; hand them a password link."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import AccountForm, NewAccountForm, PasswordLinkForm
from app.extensions import db
from app.form_pages import render_form, show_beside_field
from app.models import User
from app.request_input import page_number, record_id
from app.services.administration.accounts import (
    AccountError,
    AccountFilter,
    account_page,
    create_account,
    update_account,
)
from app.services.administration.organisations import active_organisations
from app.services.administration.password_links import issue_password_link
from app.site_address import external_url
from app.vocabulary import NO_AUDIENCE, Audience, Role, codes

PAGE_SIZE = 50


def _filter_from_request() -> AccountFilter:
    args = request.args
    role = args.get("role")
    audience = args.get("audience")
    active = {"yes": True, "no": False}.get(args.get("active", ""))
    return AccountFilter(
        search=(args.get("q") or "").strip()[:100],
        role=role if role in codes(Role) else None,
        audience=audience if audience in (*codes(Audience), NO_AUDIENCE) else None,
        organisation_id=record_id("organisation"),
        active=active,
    )


def _filter_args(flt: AccountFilter) -> dict:
    values = {
        "q": flt.search or None,
        "role": flt.role,
        "audience": flt.audience,
        "organisation": flt.organisation_id,
        "active": None if flt.active is None else ("yes" if flt.active else "no"),
    }
    return {key: value for key, value in values.items() if value}


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _link_url(token: str) -> str:
    return external_url("account.password_link", token=token)


@bp.route("/users")
def users():
    flt = _filter_from_request()
    return render_template(
        "admin/users.html",
        page=account_page(flt, page_number(), PAGE_SIZE),
        flt=flt,
        args=_filter_args(flt),
        organisations=active_organisations(keep=flt.organisation_id),
        roles=codes(Role),
        audiences=codes(Audience),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewAccountForm()
    del form.active  # a new account is active; a set-password link is its first step
    form.organisation.choices = [(o.id, o.name) for o in active_organisations()]
    if form.validate_on_submit():
        try:
            user = create_account(
                form.username.data or "",
                form.display_name.data or "",
                form.role.data,
                form.audience.data or None,
                form.organisation.data,
            )
        except AccountError as error:
            show_beside_field(form, error)
        else:
            _link, token = issue_password_link(user, current_user)
            db.session.commit()
            # Shown here once: the token itself is not stored.
            return render_template(
                "admin/password_link.html", user=user, link=_link_url(token), created=True
            )
    return render_form("admin/user_new.html", form)


@bp.route("/users/<id:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id):
    user = _user_or_404(user_id)
    form = AccountForm(obj=user)
    if request.method == "GET":
        form.organisation.data = user.organisation_id
        form.audience.data = user.audience or ""
    form.organisation.choices = [
        (o.id, o.name) for o in active_organisations(keep=user.organisation_id)
    ]
    if form.validate_on_submit():
        try:
            changes = update_account(
                user,
                current_user,
                display_name=form.display_name.data or "",
                role=form.role.data,
                audience=form.audience.data or None,
                organisation_id=form.organisation.data,
                active=form.active.data,
            )
        except AccountError as error:
            show_beside_field(form, error)
        else:
            db.session.commit()
            if changes.get("active") == [True, False]:
                flash(
                    _(
                        "%(name)s has been deactivated and logged out everywhere.",
                        name=user.username,
                    ),
                    "info",
                )
            else:
                flash(_("The account has been saved."), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_form("admin/user_edit.html", form, user=user)


@bp.route("/users/<id:user_id>/password-link", methods=["POST"])
def password_link(user_id):
    user = _user_or_404(user_id)
    if not PasswordLinkForm().validate_on_submit():
        abort(400)
    if not user.active:
        flash(_("Reactivate the account before making a password link."), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    _link, token = issue_password_link(user, current_user)
    db.session.commit()
    return render_template(
        "admin/password_link.html", user=user, link=_link_url(token), created=False
    )
