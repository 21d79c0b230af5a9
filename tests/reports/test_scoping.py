"""A coordinator never sees, filters into or exports another organisation's learners."""

import re

import pytest

from tests.factories import organisation_id
from tests.reports.learner_actions import complete_sample, login

NERIMA = ("nerima1", "練馬 花子")
# {nerima} is 練馬区's id: asking for another organisation by its number must not work.
ROUTES = [
    "/reports",
    "/reports?organisation={nerima}",
    "/reports?q=nerima",
    "/reports?status=completed",
    "/reports/completion.csv",
    "/reports/completion.csv?organisation={nerima}",
    "/reports/completion.xlsx?organisation={nerima}",
    "/reports/xapi.json?organisation={nerima}",
    "/reports/due-dates?organisation={nerima}",
]


@pytest.fixture
def both(client, people):
    login(client, "nerima1")
    complete_sample(client)
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "coord")
    return people


@pytest.mark.parametrize("path", ROUTES)
def test_no_report_route_leaks_another_organisation(app, client, both, path):
    response = client.get(path.format(nerima=organisation_id(app, "練馬区")))
    assert response.status_code == 200
    body = response.get_data()
    if path.startswith("/reports/completion.xlsx"):
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).active
        values = {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
        assert not values & set(NERIMA)
    else:
        text = body.decode("utf-8-sig")
        for marker in NERIMA:
            assert marker not in text
        assert "練馬区" not in text


def test_another_organisations_learner_page_is_not_found(app, client, both):
    from app.extensions import db
    from app.models import User

    with app.app_context():
        nerima = db.session.scalar(db.select(User).where(User.username == "nerima1"))
    assert client.get(f"/reports/learners/{nerima.id}").status_code == 404


def test_an_admin_may_look_at_any_organisation(app, client, both):
    login(client, "boss")
    html = client.get(f"/reports?organisation={organisation_id(app, '練馬区')}").get_data(
        as_text=True
    )
    assert "練馬 花子" in html and "新宿 一郎" not in html
    link = re.search(r'href="(/reports/learners/\d+)', html).group(1)
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("username", ["shinjuku1", "trainer"])
@pytest.mark.parametrize(
    "path",
    [
        "/reports",
        "/reports/completion.csv",
        "/reports/xapi.json",
        "/reports/due-dates",
        "/reports/learners/1",
    ],
)
def test_learners_and_trainers_get_403(client, both, username, path):
    login(client, username)
    assert client.get(path).status_code == 403
