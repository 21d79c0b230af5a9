"""A content problem's words in the page's language.

The content layer reports in English (`content check` prints it so); its messages carry
their template and parameters (app/content/messages.py), translated here for pages and for
the JSON the editor's script shows. Anything else (a plain string) is shown as it is.
"""

from typing import Any

from app.content.messages import Msg
from app.services.authoring.drafts import DraftProblem
from app.template_gettext import request_translations


def problem_text(message: object) -> str:
    """`message` translated, its parameters filled in as written (nested messages too)."""
    if not isinstance(message, Msg):
        return str(message)
    params = {
        name: problem_text(value) if isinstance(value, Msg) else value
        for name, value in message.params.items()
    }
    try:
        return request_translations().ugettext(message.template) % params
    except (KeyError, ValueError, TypeError):
        # A translation whose placeholders do not fit: the English is better than a 500.
        return str(message)


def problem_line(problem: DraftProblem) -> str:
    """`FILE:line: message`, the message translated (for problems with no field to sit by)."""
    return f"{problem.path}:{problem.line}: {problem_text(problem.message)}"


def problem_json(problem: DraftProblem) -> dict[str, Any]:
    """The problem as the editor's script reads it, its words in the page's language."""
    return {
        **problem.as_json(),
        "message": problem_text(problem.message),
        "text": problem_line(problem),
    }
