import sqlalchemy as sa
from flask import current_app, jsonify, redirect, request, session, url_for
from flask_login import current_user

from app.auth.redirects import safe_next
from app.auth.routes import home_for
from app.extensions import db
from app.public import bp


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not ready"
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


@bp.route("/language", methods=["POST"])
def language():
    """Switch between Japanese and English; remembered on the account when logged in."""
    choice = request.form.get("lang")
    if choice in current_app.config["LANGUAGES"]:
        session["lang"] = choice
        if current_user.is_authenticated:
            current_user.locale = choice
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("public.index"))
