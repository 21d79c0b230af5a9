from flask import abort, make_response, redirect, render_template, request, url_for
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
from app.services.learning.attempts import (
    answer_keys,
    attempts_left,
    open_attempt,
    parse_answers,
    shown_questions,
    submit_attempt,
    version_of,
)
from app.services.learning.certificates import certificate_by_code, certificates_of, content_of
from app.services.learning.curriculum import (
    curriculum_module,
    module_progress,
    modules_for,
    progress_for,
)
from app.services.learning.glossary import glossary
from app.services.learning.reading import mark_section_read
from app.services.reporting.due_dates import load_due_dates
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
    steps_total = sum(p.steps_total for p in progress)
    steps_done = sum(p.steps_total if p.completion else p.steps_done for p in progress)
    resume = next((p for p in progress if p.state == ModuleStatus.IN_PROGRESS), None) or next(
        (p for p in progress if p.state == ModuleStatus.NOT_STARTED), None
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
        overall=(100 * steps_done) // steps_total if steps_total else 0,
        completed=sum(p.completion is not None for p in progress),
        resume=resume,
    )


@bp.route("/modules/<slug>")
@login_required
def module(slug):
    module = _module_or_404(slug)
    # The sections' HTML, glossary links included, was made when the version was stored.
    return render_template(
        "learn/module.html",
        module=module,
        progress=module_progress(current_user, module),
        form=ActionForm(),
    )


@bp.route("/glossary")
@login_required
def glossary_page():
    return render_template("learn/glossary.html", terms=glossary())


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
    attempt = open_attempt(current_user, module)
    db.session.commit()
    if attempt is None:
        return render_template("learn/quiz_closed.html", module=module), 403
    return _quiz_page(module, attempt)


def _quiz_page(module, attempt, answers=None, missing=(), status=200):
    version = version_of(attempt)
    return render_template(
        "learn/quiz.html",
        module=module,
        version=version,
        attempt=attempt,
        questions=shown_questions(attempt, version),
        answers=answers or {},
        missing=list(missing),
        attempts_left=attempts_left(current_user, module),
        form=ActionForm(),
    ), status


def _submit(module):
    if not ActionForm().validate_on_submit():
        abort(400)
    attempt = db.get_or_404(Attempt, request.form.get("attempt", type=int) or 0)
    ensure(owns_attempt(current_user, attempt) and attempt.module_id == module.id)
    if attempt.state == AttemptState.SUBMITTED:
        # A repeated submit (double click, back button): show the first result.
        return redirect(url_for("learn.result", slug=module.slug, attempt_id=attempt.id))
    if attempts_left(current_user, module) == 0:
        # An attempt opened earlier cannot add one past the quiz's limit.
        return render_template("learn/quiz_closed.html", module=module), 403
    version = version_of(attempt)
    answers, missing = parse_answers(version, request.form)
    if missing:
        return _quiz_page(module, attempt, answers, missing, status=422)
    submit_attempt(attempt, answers)
    result_url = url_for("learn.result", slug=module.slug, attempt_id=attempt.id)
    db.session.commit()
    return redirect(result_url)


@bp.route("/modules/<slug>/quiz/attempts/<int:attempt_id>")
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
    return render_template(
        "learn/result.html",
        module=module,
        attempt=attempt,
        version=version,
        questions=shown_questions(attempt, version),
        right=score_answers(answer_keys(version), attempt.answers or {}, version.pass_mark).right,
        progress=module_progress(current_user, module),
        attempts_left=attempts_left(current_user, module),
    )


@bp.route("/certificates")
@login_required
def certificates():
    return render_template("learn/certificates.html", certificates=certificates_of(current_user))


@bp.route("/certificates/<code>.pdf")
@login_required
def certificate_pdf(code):
    certificate = certificate_by_code(code)
    if certificate is None:
        abort(404)
    ensure(may_open_certificate(current_user, certificate))
    verify_url = url_for("public.verify", code=certificate.code, _external=True)
    body = render_certificate(content_of(certificate), verify_url)
    response = make_response(body)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'inline; filename="certificate-{certificate.code}.pdf"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response
