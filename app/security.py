"""Response headers and session rules that every page gets (OWASP ASVS 5.0, level 2)."""

import time

from flask import Blueprint, Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",  # no inline script anywhere: every script is a file in static/
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)


def keep_out_of_caches(blueprint: Blueprint) -> None:
    """Every answer of `blueprint` holds names, scores or one-time links: no browser or proxy
    may keep a copy (Cache-Control: no-store)."""

    @blueprint.after_request
    def no_store(response):
        response.headers["Cache-Control"] = "no-store"
        return response


def register_security(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.before_request
    def idle_timeout():
        """Sign out a session left idle too long: shared PCs are common among volunteers."""
        # The health check answers about the database alone, cookie or not.
        if request.endpoint in ("static", "public.healthz") or not current_user.is_authenticated:
            return None
        now = int(time.time())
        last = session.get("seen", now)
        limit = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
        if now - last > limit:
            logout_user()
            session.clear()
            flash(
                _("You were signed out after a long time without activity. Please log in again."),
                "info",
            )
            return redirect(
                url_for(
                    "auth.login",
                    next=request.full_path.rstrip("?") if request.method == "GET" else None,
                )
            )
        if now - last >= 60 or "seen" not in session:
            # To the minute: a session cookie re-signed and sent on every request would cost
            # every page, for a limit counted in tens of minutes.
            session["seen"] = now
        return None
