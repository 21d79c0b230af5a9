from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.policy import ensure, may_open_certificate, owns_attempt
from app.content.scoring import score_answers
from app.database_tuning import writes_on_get
from app.dates import tokyo_today
from app.extensions import db
from app.learn import bp
from app.learn.forms import ActionForm
from app.models import Attempt
from app.renderers.certificate_pdf import render_certificate
from app.request_input import record_id
from app.services.learning.attempts import (
    answer_keys,
    attempt_in_progress,
    attempts_left,
    best_score,
    last_submitted,
    parse_answers,
    shown_questions,
    start_attempt,
    submit_attempt,
    submitted_count,
    version_of,
)
from app.services.learning.certificates import (
    certificate_by_code,
    certificates_of,
    content_of,
    expired_modules,
)
from app.services.learning.curriculum import (
    curriculum_module,
    module_progress,
    modules_for,
    progress_for,
)
from app.services.learning.glossary import glossary, glossary_by_reading
from app.services.learning.reading import mark_section_read
from app.services.reporting.due_dates import load_due_dates
from app.site_address import external_url
from app.vocabulary import AttemptState, ModuleStatus


def _module_or_404(slug: str):
    module = curriculum_module(slug, current_user)
    if module is None:
        abort(404)
    return module


@bp.route("/modules")
@login_required
def curriculum():
    progress = progress_for(current_user, modules_for(current_user.audience))
    # What to do next: finish what is under way, then take again what expired, then start.
    resume = next(
        (
            p
            for state in (ModuleStatus.IN_PROGRESS, ModuleStatus.EXPIRED, ModuleStatus.NOT_STARTED)
            for p in progress
            if p.state == state
        ),
        None,
    )
    due_dates = load_due_dates(current_user.organisation_id)
    due = {
        p.module.id: due_dates.due(current_user.organisation_id, p.module.id, current_user.audience)
        for p in progress
    }
    return render_template(
        "learn/curriculum.html",
        due=due,
        today=tokyo_today(),
        progress=progress,
        completed=sum(p.completion is not None for p in progress),
        resume=resume,
    )


@bp.route("/modules/<slug>")
@login_required
def module(slug):
    module = _module_or_404(slug)
    # The sections' HTML, glossary links and table boxes included, was made when the
    # version was stored.
    return render_template(
        "learn/module.html",
        module=module,
        progress=module_progress(current_user, module),
    )


@bp.route("/glossary")
@login_required
def glossary_page():
    return render_template("learn/glossary.html", rows=glossary_by_reading(glossary()))


@bp.route("/modules/<slug>/sections/<key>/read", methods=["POST"])
@login_required
def mark_read(slug, key):
    module = _module_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not mark_section_read(current_user, module, key):
        abort(404)
    db.session.commit()
    progress = module_progress(current_user, module)
    if progress.next_unread is not None:
        return redirect(url_for("learn.module", slug=slug, _anchor=progress.next_unread.key))
    if progress.has_quiz and not progress.quiz_passed:
        return redirect(url_for("learn.quiz", slug=slug))
    return redirect(url_for("learn.module", slug=slug, _anchor="done"))


@bp.route("/modules/<slug>/quiz", methods=["GET", "POST"])
@writes_on_get  # opening the quiz opens an attempt
@login_required
def quiz(slug):
    module = _module_or_404(slug)
    if module.quiz is None or module.quiz.current_version is None:
        abort(404)
    if request.method == "POST":
        return _submit(module)
    attempt = attempt_in_progress(current_user, module)
    if attempt is None:
        # Only a new attempt is written: a page opened again reads and commits nothing.
        attempt = start_attempt(current_user, module)
        db.session.commit()
    if attempt is None:
        return render_template("learn/quiz_closed.html", module=module), 403
    return _quiz_page(module, attempt)


def _quiz_page(module, attempt, answers=None, missing=(), status=200):
    version = version_of(attempt)
    response = make_response(
        render_template(
            "learn/quiz.html",
            module=module,
            version=version,
            attempt=attempt,
            questions=shown_questions(attempt, version),
            answers=answers or {},
            missing=list(missing),
            attempts_left=attempts_left(current_user, module),
            # What went before, so the page can say that this is a fresh attempt.
            previous=last_submitted(current_user, module),
            attempt_number=submitted_count(current_user, module) + 1,
            progress=module_progress(current_user, module),
            form=ActionForm(),
        ),
        status,
    )
    # The back button must fetch this page again, never show a submitted attempt's form
    # (with its answers still ticked) from the browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _submit(module):
    if not ActionForm().validate_on_submit():
        abort(400)
    attempt = db.get_or_404(Attempt, record_id("attempt", source=request.form) or 0)
    ensure(owns_attempt(current_user, attempt) and attempt.module_id == module.id)
    if attempt.state == AttemptState.SUBMITTED:
        # A repeated submit (double click, back button): nothing new is recorded, and the
        # result page says so rather than quietly showing the first result.
        flash(_("These answers were already sent. This is the result of that attempt."), "info")
        return redirect(url_for("learn.result", slug=module.slug, attempt_id=attempt.id))
    if attempts_left(current_user, module) == 0:
        # An attempt opened earlier cannot add one past the quiz's limit.
        return render_template("learn/quiz_closed.html", module=module), 403
    version = version_of(attempt)
    answers, missing = parse_answers(version, request.form)
    if missing:
        return _quiz_page(module, attempt, answers, missing, status=422)
    recorded = submit_attempt(attempt, answers)
    result_url = url_for("learn.result", slug=module.slug, attempt_id=attempt.id)
    db.session.commit()
    if not recorded and attempt.state != AttemptState.SUBMITTED:
        # Another of this learner's attempts, submitted at the same moment, used the last one.
        return render_template("learn/quiz_closed.html", module=module), 403
    return redirect(result_url)


@bp.route("/modules/<slug>/quiz/attempts/<id:attempt_id>")
@login_required
def result(slug, attempt_id):
    module = _module_or_404(slug)
    attempt = db.get_or_404(Attempt, attempt_id)
    ensure(
        owns_attempt(current_user, attempt)
        and attempt.module_id == module.id
        and attempt.state == AttemptState.SUBMITTED
    )
    version = version_of(attempt)
    progress = module_progress(current_user, module)
    return render_template(
        "learn/result.html",
        module=module,
        attempt=attempt,
        version=version,
        questions=shown_questions(attempt, version),
        right=score_answers(answer_keys(version), attempt.answers or {}, version.pass_mark).right,
        progress=progress,
        counts=progress.attempt_counts(attempt),
        attempts_left=attempts_left(current_user, module),
        best_score=best_score(current_user, module),
    )


@bp.route("/certificates")
@login_required
def certificates():
    mine = certificates_of(current_user)
    return render_template(
        "learn/certificates.html", certificates=mine, expired=expired_modules(mine)
    )


@bp.route("/certificates/<code>.pdf")
@login_required
def certificate_pdf(code):
    certificate = certificate_by_code(code)
    if certificate is None:
        abort(404)
    ensure(may_open_certificate(current_user, certificate))
    verify_url = external_url("public.verify", code=certificate.code)
    body = render_certificate(
        content_of(certificate, current_app.config["CERTIFICATE_ISSUER"]),
        verify_url,
        font_files=current_app.config["CERTIFICATE_FONT_FILES"],
    )
    response = make_response(body)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'inline; filename="certificate-{certificate.code}.pdf"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
