import sqlalchemy as sa
from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.auth.redirects import safe_next
from app.auth.routes import home_for
from app.extensions import db, limiter
from app.public import bp
from app.public.forms import VerifyForm
from app.services.learning.certificates import certificate_by_code, content_of


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


@bp.route("/verify")
@limiter.limit("30 per minute")
def verify_form():
    """Where a code printed on a certificate can be typed in."""
    form = VerifyForm(request.args if "code" in request.args else None)
    if "code" in request.args and form.validate():
        return redirect(url_for("public.verify", code=form.code.data))
    return render_template("public/verify.html", certificate=None, code=None, form=form), (
        422 if form.errors else 200
    )


@bp.route("/verify/<code>")
@limiter.limit("30 per minute")
def verify(code):
    """Anyone may check a certificate: it shows what the certificate says, and nothing more."""
    certificate = certificate_by_code(code[:32])
    if certificate is None:
        form = VerifyForm(None, code=code[:32])
        return render_template(
            "public/verify.html", certificate=None, code=code[:32], form=form
        ), 404
    return render_template(
        "public/verify.html",
        certificate=certificate,
        content=content_of(certificate, current_app.config["CERTIFICATE_ISSUER"]),
    )
