"""No input ever breaks a page: every route, as every role, answers hostile values in its
path, its query string and its forms with a 4xx in the app's own page (JSON under /api/),
in Japanese, and never a 500 or a traceback in the log.

The walk goes over `app.url_map` itself, so a new route is walked as soon as it exists; its
query parameters are declared in QUERY_PARAMETERS (a test fails until they are), and its
forms are found on the pages that hold them.
"""

import json
import logging
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    ApiToken,
    Attempt,
    ConsultationWindow,
    ModuleAssignment,
    PasswordLink,
    User,
)
from app.models.timestamps import utcnow
from app.vocabulary import EVERYONE, LinkPurpose
from tests.factories import UserFactory
from tests.login import log_in
from tests.reports.learner_actions import complete_sample

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
ROLES = ("anonymous", "learner", "trainer", "coordinator", "admin")

# What an attacker, or a careless user, sends: huge, negative and non-numbers, NUL bytes,
# CR/LF, very long strings, full-width digits, markup and wildcards.
HOSTILE = (
    "99999999999999999999",
    "2147483648",
    "-1",
    "0",
    "abc",
    "a\x00b",
    "\r\nX-Injected: 1",
    "x" * 3000,
    "９",
    "<script>alert(1)</script>",
    "%_'\\",
)

# A query parameter goes through a few readers (app/request_input.py, the report filter): the
# values that differ for them (the walk stays under 900 requests a role).
HOSTILE_IN_QUERIES = (
    "99999999999999999999",
    "-1",
    "abc",
    "a\x00b",
    "\r\nX-Injected: 1",
    "x" * 3000,
    "９",
)

# The query parameters each page reads. A GET route missing here fails
# test_every_page_declares_its_query_parameters.
REPORT_FILTER = ("organisation", "audience", "module", "status", "overdue", "q")
QUERY_PARAMETERS = {
    "public.index": (),
    "public.healthz": (),
    "public.verify": (),
    "public.verify_form": ("code",),
    "auth.login": ("next",),
    "static": (),
    "account.index": (),
    "account.password_link": (),
    "learn.curriculum": (),
    "learn.module": (),
    "learn.quiz": (),
    "learn.result": (),
    "learn.glossary_page": (),
    "learn.certificates": (),
    "learn.certificate_pdf": (),
    "directory.index": (),
    "directory.manage": ("organisation",),
    "directory.new": ("organisation",),
    "directory.edit": (),
    "reports.index": (*REPORT_FILTER, "page"),
    "reports.completion_csv": REPORT_FILTER,
    "reports.completion_xlsx": REPORT_FILTER,
    "reports.xapi": (*REPORT_FILTER, "page"),
    "reports.due_dates": ("organisation",),
    "reports.learner": (),
    "author.statistics": (),
    "author.quiz_statistics": (),
    "author.draft": (),
    "author.module_history": (),
    "author.compare": ("part", "left", "right"),
    "author.quiz_gift": (),
    "author.home": (),
    "author.new_module_page": (),
    "author.versions": (),
    "author.compare_page": ("part", "left", "right"),
    "author.revert_module_page": (),
    "author.revert_quiz_page": (),
    "author.gift_import": (),
    "author.edit_module": ("audience",),
    "author.edit_quiz": (),
    "author.publish_page": (),
    "author.discard_page": (),
    "admin.index": (),
    "admin.audit": ("page",),
    "admin.organisations": (),
    "admin.new_organisation": (),
    "admin.edit_organisation": (),
    "admin.users": ("q", "role", "audience", "organisation", "active", "page"),
    "admin.new_user": (),
    "admin.edit_user": (),
    "admin.import_users_page": (),
    "admin.import_preview": ("page", "only"),
    "admin.import_done": ("page",),
    "admin.tokens": (),
    "api.openapi": (),
    "api.completion": ("audience", "module", "status", "overdue", "q", "page", "per_page"),
}
# Parameters no page reads, as trackers, old bookmarks and probes add them.
UNKNOWN_PARAMETERS = {
    "utm_source": "\r\nX-Injected: 1",
    "page[]": "1",
    "__proto__": "x" * 3000,
    "id": "99999999999999999999",
    "\u2028": "\x00",
}
# Forms whose hostile submission would only log the walker out or use up its world.
FORMS_NOT_WALKED = {"auth.logout"}


@pytest.fixture
def world(app, runner, users):
    """One of each role in 新宿区, and one of everything a path can name."""
    from app.models import UserImport

    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("learner", audience="commissioner", organisation="新宿区", display_name="新宿 学習者")
    users("trainer", role="trainer", audience=None, organisation="新宿区")
    users("coordinator", role="coordinator", audience=None, organisation="新宿区")
    users("admin", role="admin", audience=None, organisation="千代田区")
    client = app.test_client()
    log_in(client, "learner")
    key = re.search(
        r'action="/modules/sample/sections/([^/"]+)/read"',
        client.get("/modules/sample").get_data(as_text=True),
    )[1]
    complete_sample(client)
    certificate = re.search(
        r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(as_text=True)
    )[1]
    with app.app_context():
        learner = db.session.scalar(sa.select(User).where(User.username == "learner"))
        admin = db.session.scalar(sa.select(User.id).where(User.username == "admin"))
        shinjuku = learner.organisation_id
        window = ConsultationWindow(organisation_id=shinjuku, name="新宿区の窓口")
        token, _plain = ApiToken.issue(shinjuku, "区のシステム")
        link, link_token = PasswordLink.issue(learner.id, LinkPurpose.SET, admin)
        module_id = db.session.scalar(sa.select(Attempt.module_id))
        assignment = ModuleAssignment(
            organisation_id=shinjuku,
            module_id=module_id,
            audience=EVERYONE,
            due_date=utcnow().date(),
        )
        kept = UserImport(
            created_by_id=admin,
            text="username,display_name,role,audience,organisation\n"
            "new1,新しい 人,learner,commissioner,新宿区\n",
        )
        db.session.add_all([window, token, link, assignment, kept])
        db.session.commit()
        return {
            "token": link_token,
            "organisation_id": shinjuku,
            "token_id": token.id,
            "user_id": learner.id,
            "import_id": kept.id,
            "slug": "sample",
            "code": certificate,
            "window_id": window.id,
            "attempt_id": db.session.scalar(sa.select(Attempt.id)),
            "key": key,
            "assignment_id": assignment.id,
            "filename": "css/yorisoi.css",
            "number": 1,  # a version number to revert to
        }


def _path(rule, values: dict) -> str:
    parts = re.split(r"<(?:[^:>]+:)?([^>]+)>", rule.rule)
    # re.split keeps the variable names at the odd positions.
    return "".join(
        quote(str(values[part]), safe="/" if part == "filename" else "") if i % 2 else part
        for i, part in enumerate(parts)
    )


def _walked_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.methods & {"GET", "POST"}),
        key=lambda rule: rule.rule,
    )


def _forms(html: str, page: str) -> list[tuple[str, list[str]]]:
    """(action, field names) of every form on a page, but the CSRF token and buttons; a
    form without an action posts to the page itself."""
    found = []
    for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", html, re.S):
        if 'method="post"' not in attributes:
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', body))
        names -= {"csrf_token", "submit"}
        if names:
            found.append(((action[1] if action else page).replace("&amp;", "&"), sorted(names)))
    return found


class Walk:
    def __init__(self, app, client, caplog):
        self.app, self.client, self.caplog = app, client, caplog
        self.wrong: list[str] = []
        self.sent = 0

    def send(self, method: str, path: str, **kwargs):
        self.sent += 1
        response = self.client.open(path, method=method, **kwargs)
        what = f"{method} {path[:120]!r} {kwargs.get('query_string') or ''}"[:300]
        self.check(what, response)
        response.close()  # a static file's, or a PDF's, stream
        return response

    def check(self, what: str, response) -> None:
        status = response.status_code
        body = response.get_data()
        if status >= 500:
            self.wrong.append(f"{what}: {status}")
        for name, value in response.headers.items():
            if "\r" in value or "\n" in value or name.lower() == "x-injected":
                self.wrong.append(f"{what}: a header injected through {name}")
        if not 400 <= status < 500:
            return
        if response.request.path.startswith("/api/"):
            try:
                error = json.loads(body)["error"]
            except (ValueError, KeyError, TypeError):
                self.wrong.append(f"{what}: {status} is not the API's JSON error")
                return
            if (
                not isinstance(error, dict)
                or error.get("status") != status
                or not error.get("message")
            ):
                self.wrong.append(f"{what}: {status} JSON error without status and message")
        elif response.mimetype == "text/html":
            html = body.decode()
            if '<html lang="ja">' not in html or "<main" not in html:
                self.wrong.append(f"{what}: {status} is not the app's own page in Japanese")
        else:
            self.wrong.append(f"{what}: {status} as {response.mimetype}")

    def tracebacks(self) -> list[str]:
        return [
            f"{record.levelname} {record.getMessage()[:200]}"
            for record in self.caplog.records
            if record.levelno >= logging.ERROR or record.exc_info
        ]


def _rules_with_query(app) -> list:
    return [rule for rule in _walked_rules(app) if "GET" in rule.methods]


def test_every_page_declares_its_query_parameters(app):
    gets = {rule.endpoint for rule in _rules_with_query(app)}
    assert gets - set(QUERY_PARAMETERS) == set(), "declare the new page's query parameters"


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_value_breaks_any_route(make_app, app, world, role, caplog):
    # Exceptions become 500 pages, as in production, and are logged: both fail the walk.
    server = make_app(PROPAGATE_EXCEPTIONS=False)
    client = server.test_client()
    if role != "anonymous":
        log_in(client, role)
    caplog.set_level(logging.ERROR)
    walk = Walk(server, client, caplog)
    forms: dict[str, list[str]] = {}
    for rule in _walked_rules(server):
        methods = sorted(rule.methods & {"GET", "POST"})
        if "GET" in methods:
            response = walk.send("GET", _path(rule, world))
            if response.status_code == 200 and response.mimetype == "text/html":
                for action, names in _forms(response.get_data(as_text=True), _path(rule, world)):
                    forms.setdefault(action, names)
            for parameter in QUERY_PARAMETERS[rule.endpoint]:
                for value in HOSTILE_IN_QUERIES:
                    walk.send("GET", _path(rule, world), query_string={parameter: value})
            walk.send("GET", _path(rule, world), query_string=UNKNOWN_PARAMETERS)
        walk.send("DELETE", _path(rule, world))  # a method no route answers: 405
        # A path variable is read the same way whatever the method: GET when there is one.
        method = methods[0]
        for name in rule.arguments:
            for value in HOSTILE:
                walk.send(method, _path(rule, {**world, name: value}))
    adapter = server.url_map.bind("localhost")
    for action, names in sorted(forms.items()):
        endpoint, _values = adapter.match(action.split("?")[0], method="POST")
        if endpoint in FORMS_NOT_WALKED:
            continue
        for value in HOSTILE:
            walk.send("POST", action, data=dict.fromkeys(names, value))
    assert walk.sent > 400 and len(forms) >= (3 if role != "anonymous" else 1)
    assert walk.wrong == [], f"{len(walk.wrong)} of {walk.sent} requests went wrong"
    assert walk.tracebacks() == []


@pytest.mark.parametrize(
    "path",
    [
        "/reports/learners/99999999999999999999",
        "/admin/users/99999999999999999999/edit",
        "/admin/organisations/99999999999999999999/edit",
        "/modules/sample/quiz/attempts/99999999999999999999",
        "/directory/manage/99999999999999999999/edit",
        "/reports?organisation=99999999999999999999",
        "/reports/completion.csv?organisation=99999999999999999999",
        "/directory/manage?organisation=99999999999999999999",
        "/admin/users?organisation=99999999999999999999",
    ],
)
def test_a_huge_id_is_a_4xx_page_not_a_500(make_app, app, world, path):
    server = make_app(PROPAGATE_EXCEPTIONS=False)
    client = server.test_client()
    log_in(client, "admin" if not path.startswith("/modules") else "learner")
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 404)
    assert '<html lang="ja">' in html
    if response.status_code == 400:  # a number in the query string: it says which
        assert "organisation" in html and "2147483647" in html
    else:
        assert "ページが見つかりません" in html


@pytest.mark.parametrize(
    "where",
    ["/login?next=/modules%0d%0aX-Injected:%201", "/language"],
)
def test_a_newline_in_next_is_ignored_and_the_person_carries_on(make_app, app, world, where):
    server = make_app(PROPAGATE_EXCEPTIONS=False)
    client = server.test_client()
    if where == "/language":
        log_in(client, "learner")
        response = client.post(where, data={"lang": "en", "next": "/modules\r\nX-Injected: 1"})
    else:
        response = client.post(
            where, data={"username": "learner", "password": UserFactory.PASSWORD}
        )
    assert response.status_code == 302
    assert "X-Injected" not in str(response.headers)
    assert "\n" not in response.headers["Location"]
    assert client.get(response.headers["Location"], follow_redirects=True).status_code == 200
    assert client.get("/modules").status_code == 200  # logged in, and at work


@pytest.mark.parametrize("path", ["/login", "/admin/users/import", "/account"])
def test_a_10_mb_body_gets_the_apps_own_413(make_app, app, world, path):
    server = make_app(PROPAGATE_EXCEPTIONS=False)
    client = server.test_client()
    log_in(client, "admin")
    response = client.post(path, data={"display_name": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert '<html lang="ja">' in html and "<main" in html
    assert "送られたものが大きすぎます" in html and "5 MB" in html
    assert "Request Entity Too Large" not in html
