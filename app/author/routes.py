from flask import abort, render_template

from app.author import bp
from app.content.question_types import QUESTION_TYPES
from app.services.reporting.question_statistics import (
    DISCRIMINATION_LOW,
    FACILITY_HIGH,
    FACILITY_LOW,
    statistics_for_quiz,
    statistics_overview,
)


@bp.route("/statistics")
def statistics():
    return render_template("author/statistics.html", quizzes=statistics_overview())


@bp.route("/statistics/<slug>")
def quiz_statistics(slug):
    quiz = statistics_for_quiz(slug)
    if quiz is None:
        abort(404)
    return render_template(
        "author/quiz_statistics.html",
        quiz=quiz,
        question_types=QUESTION_TYPES,
        facility_low=FACILITY_LOW,
        facility_high=FACILITY_HIGH,
        discrimination_low=DISCRIMINATION_LOW,
    )
