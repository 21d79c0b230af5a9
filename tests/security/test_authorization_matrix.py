"""Every page × every kind of visitor, with the answer each must get.

A new route fails `test_every_page_is_in_the_matrix` until it is given its row here.
"""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Attempt, ConsultationWindow, Organisation, User, UserImport
from app.models.timestamps import utcnow
from tests.learn.quiz_answers import right_answers
from tests.login import log_in

ROLES = (
    "anonymous",
    "commissioner",
    "center",
    "counselor",
    "trainer",
    "coordinator",
    "admin",
    "other-coordinator",
)
LEARNERS = ("commissioner", "center", "counselor")
STAFF = ("trainer", "coordinator", "admin", "other-coordinator")
LOGIN = 302

EVERYONE = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
REPORTING = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": LOGIN,
    "coordinator": 200,
    "admin": 200,
    "other-coordinator": 200,
}
AUTHORING = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "trainer": 200, "admin": 200}
ADMINISTRATION = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "admin": 200}
OWNER_ONLY = {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "commissioner": 200}

# endpoint: (url template filled from the world below, expected status per visitor)
MATRIX = {
    "public.index": ("/", {**dict.fromkeys(ROLES, 302)}),
    "public.healthz": ("/healthz", EVERYONE),
    "public.verify": ("/verify/{certificate}", EVERYONE),
    "public.verify_form": ("/verify", EVERYONE),
    "auth.login": ("/login", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    "static": ("/static/css/yorisoi.css", EVERYONE),
    "account.index": ("/account", SIGNED_IN),
    "account.password_link": ("/account/password/not-a-real-token", dict.fromkeys(ROLES, 404)),
    "learn.curriculum": ("/modules", SIGNED_IN),
    "learn.module": ("/modules/what-is-hikikomori", SIGNED_IN),
    "learn.quiz": ("/modules/what-is-hikikomori/quiz", SIGNED_IN),
    "learn.result": ("/modules/what-is-hikikomori/quiz/attempts/{attempt}", OWNER_ONLY),
    "learn.glossary_page": ("/glossary", SIGNED_IN),
    "learn.certificates": ("/certificates", SIGNED_IN),
    "learn.certificate_pdf": ("/certificates/{certificate}.pdf", {**OWNER_ONLY, "admin": 200}),
    "directory.index": ("/directory", SIGNED_IN),
    "directory.manage": ("/directory/manage", REPORTING),
    "directory.new": ("/directory/manage/new", REPORTING),
    "directory.edit": ("/directory/manage/{window}/edit", {**REPORTING, "other-coordinator": 404}),
    "reports.index": ("/reports", REPORTING),
    "reports.completion_csv": ("/reports/completion.csv", REPORTING),
    "reports.completion_xlsx": ("/reports/completion.xlsx", REPORTING),
    "reports.xapi": ("/reports/xapi.json", REPORTING),
    "reports.due_dates": ("/reports/due-dates", {**REPORTING, "admin": 404}),
    "reports.learner": ("/reports/learners/{learner}", {**REPORTING, "other-coordinator": 404}),
    "author.statistics": ("/author/statistics", AUTHORING),
    "author.quiz_statistics": ("/author/statistics/what-is-hikikomori", AUTHORING),
    "author.draft": ("/author/modules/what-is-hikikomori/draft", AUTHORING),
    "author.module_history": ("/author/modules/what-is-hikikomori/history", AUTHORING),
    "author.compare": (
        "/author/modules/what-is-hikikomori/history/compare?part=module&left=1&right=1",
        AUTHORING,
    ),
    "author.quiz_gift": ("/author/modules/what-is-hikikomori/quiz.gift", AUTHORING),
    "author.home": ("/author/", AUTHORING),
    "author.new_module_page": ("/author/new", AUTHORING),
    "author.versions": ("/author/modules/what-is-hikikomori/versions", AUTHORING),
    "author.compare_page": (
        "/author/modules/what-is-hikikomori/versions/compare?part=quiz&left=1&right=1",
        AUTHORING,
    ),
    "author.revert_module_page": (
        "/author/modules/what-is-hikikomori/versions/module/1/revert",
        AUTHORING,
    ),
    "author.revert_quiz_page": (
        "/author/modules/what-is-hikikomori/versions/quiz/1/revert",
        AUTHORING,
    ),
    "author.gift_import": ("/author/modules/what-is-hikikomori/quiz/import", AUTHORING),
    "author.edit_module": ("/author/modules/what-is-hikikomori/edit", AUTHORING),
    "author.edit_quiz": ("/author/modules/what-is-hikikomori/quiz/edit", AUTHORING),
    "author.publish_page": ("/author/modules/what-is-hikikomori/publish/review", AUTHORING),
    "author.discard_page": ("/author/modules/what-is-hikikomori/discard", AUTHORING),
    "admin.index": ("/admin", ADMINISTRATION),
    "admin.audit": ("/admin/audit", ADMINISTRATION),
    "admin.organisations": ("/admin/organisations", ADMINISTRATION),
    "admin.new_organisation": ("/admin/organisations/new", ADMINISTRATION),
    "admin.edit_organisation": ("/admin/organisations/{shinjuku}/edit", ADMINISTRATION),
    "admin.users": ("/admin/users", ADMINISTRATION),
    "admin.new_user": ("/admin/users/new", ADMINISTRATION),
    "admin.edit_user": ("/admin/users/{learner}/edit", ADMINISTRATION),
    "admin.import_users_page": ("/admin/users/import", ADMINISTRATION),
    "admin.import_preview": ("/admin/users/import/{kept_import}", ADMINISTRATION),
    "admin.import_done": ("/admin/users/import/{done_import}/done", ADMINISTRATION),
    "admin.tokens": ("/admin/tokens", ADMINISTRATION),
    "api.completion": ("/api/v1/reports/completion", dict.fromkeys(ROLES, 401)),
    "api.openapi": ("/api/v1/openapi.json", EVERYONE),
}


@pytest.fixture
def world(app, client, curriculum, users):
    """Everyone, plus one completed module of 新宿区's commissioner to point at."""
    for role in LEARNERS:
        users(role, audience=role, organisation="新宿区", display_name=f"新宿 {role}")
    users("trainer", role="trainer", audience=None)
    users("coordinator", role="coordinator", audience=None, organisation="新宿区")
    users("admin", role="admin", audience=None, organisation="千代田区")
    users("other-coordinator", role="coordinator", audience=None, organisation="練馬区")
    log_in(client, "commissioner")
    module = curriculum.modules[0]
    for section in module.sections:
        client.post(f"/modules/{module.slug}/sections/{section.key}/read")
    page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    attempt = int(re.search(r'name="attempt" value="(\d+)"', page).group(1))
    client.post(
        f"/modules/{module.slug}/quiz",
        data=right_answers(curriculum.quiz_for(module.slug), attempt),
    )
    certificate = re.search(
        r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(as_text=True)
    ).group(1)
    client.post("/logout")
    with app.app_context():
        learner = db.session.scalar(sa.select(User.id).where(User.username == "commissioner"))
        shinjuku = db.session.scalar(
            sa.select(Organisation.id).where(Organisation.name == "新宿区")
        )
        window = ConsultationWindow(organisation_id=shinjuku, name="新宿区の窓口")
        admin = db.session.scalar(sa.select(User.id).where(User.username == "admin"))
        # The admin's import waiting for confirmation, and one imported, links not yet taken.
        kept = UserImport(
            created_by_id=admin,
            text="username,display_name,role,audience,organisation\n"
            "new1,新しい 人,learner,commissioner,新宿区\n",
        )
        done = UserImport(created_by_id=admin, text=None, imported_at=utcnow(), user_ids=[learner])
        db.session.add_all([window, kept, done])
        db.session.commit()
        return {
            "attempt": db.session.scalar(sa.select(Attempt.id)),
            "certificate": certificate,
            "learner": learner,
            "window": window.id,
            "shinjuku": shinjuku,
            "kept_import": kept.id,
            "done_import": done.id,
        }


def test_every_page_is_in_the_matrix(app):
    gets = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    assert gets - set(MATRIX) == set(), "give each new page its row in MATRIX"


@pytest.mark.parametrize("role", ROLES)
def test_each_visitor_gets_the_answer_the_matrix_gives(app, users, world, role):
    client = app.test_client()
    if role != "anonymous":
        log_in(client, role)
    wrong = []
    for endpoint, (template, expected) in MATRIX.items():
        url = template.format(**world)
        response = client.get(url)
        if response.status_code != expected[role]:
            wrong.append(f"{endpoint} {url}: {response.status_code}, expected {expected[role]}")
        # (The public certificate check shows a certificate's own contents to anyone: by design.)
        if (
            role == "other-coordinator"
            and response.status_code == 200
            and (endpoint != "public.verify")
        ):
            body = response.get_data()
            assert "新宿 commissioner".encode() not in body, url  # no other organisation's data
        response.close()
    assert wrong == []
