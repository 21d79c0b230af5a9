from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Organisation
from tests.admin.actions import login, organisation_id, organisation_named, user_named
from tests.query_counter import count_queries

CONTENT = Path(__file__).parent.parent / "fixtures" / "content"


def _add(app, client, name, kind="centre", parent=None, code=""):
    parent_id = organisation_id(app, parent) if parent else 0
    return client.post(
        "/admin/organisations/new",
        data={"name": name, "kind": kind, "parent": parent_id, "code": code},
    )


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Organisation.id)))


def test_the_list_shows_the_62_municipalities(client, people):
    login(client, "boss")
    html = client.get("/admin/organisations").get_data(as_text=True)
    assert html.count("<td>Municipality</td>") == 62
    assert "新宿区" in html and "小笠原村" in html


def test_an_admin_adds_a_centre_under_a_municipality(app, client, people):
    login(client, "boss")
    response = _add(app, client, "新宿区地域包括支援センター", parent="新宿区")
    assert response.status_code == 302
    centre = organisation_named(app, "新宿区地域包括支援センター")
    assert centre.parent.name == "新宿区" and centre.kind == "centre"
    assert centre.code == "13104-01"  # sorts right after its municipality
    html = client.get("/admin/organisations").get_data(as_text=True)
    row = html.split("新宿区地域包括支援センター</th>")[1].split("</tr>")[0]
    assert "<td>Centre</td>" in row and "<td>新宿区</td>" in row and "Active" in row


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "新宿区"}, "An organisation with this name already exists."),
        ({"name": "X", "code": "13104"}, "This code is already used."),
        (
            {"name": "X", "kind": "municipality", "parent": "新宿区"},
            "A municipality cannot be under another organisation.",
        ),
        (
            {"name": "Y", "parent": "センターA"},
            "Under which organisation: please choose one from the list.",
        ),  # only top-level ones
        ({"name": ""}, "Name: please fill this in."),
        ({"name": "Z" * 121}, "Name: please use at most 120 characters."),
    ],
)
def test_a_wrong_organisation_is_explained_and_not_saved(app, client, people, data, message):
    login(client, "boss")
    _add(app, client, "センターA", parent="新宿区")
    before = _count(app)
    response = _add(app, client, **{"kind": "centre", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html and "error-summary" in html
    assert _count(app) == before


def test_an_admin_renames_deactivates_and_reactivates(app, client, people):
    login(client, "boss")
    _add(app, client, "旧センター", parent="新宿区")
    centre_id = organisation_id(app, "旧センター")
    client.post(f"/admin/organisations/{centre_id}/edit", data={"name": "新センター"})
    assert organisation_named(app, "新センター").id == centre_id

    response = client.post(f"/admin/organisations/{centre_id}/deactivate", follow_redirects=True)
    assert "新センター has been deactivated" in response.get_data(as_text=True)
    assert organisation_named(app, "新センター").active is False
    # A deactivated organisation takes nobody new.
    assert "新センター" not in client.get("/admin/users/new").get_data(as_text=True)

    client.post(f"/admin/organisations/{centre_id}/reactivate")
    assert organisation_named(app, "新センター").active is True
    assert "新センター" in client.get("/admin/users/new").get_data(as_text=True)


def test_renaming_to_a_taken_name_is_refused(app, client, people):
    login(client, "boss")
    shinjuku = organisation_id(app, "新宿区")
    response = client.post(f"/admin/organisations/{shinjuku}/edit", data={"name": "練馬区"})
    assert response.status_code == 422
    assert "An organisation with this name already exists." in response.get_data(as_text=True)
    assert organisation_named(app, "新宿区").id == shinjuku


@pytest.fixture
def centres(app, client, runner, people):
    """A centre under 新宿区 and an NPO under 練馬区, each with a learner."""
    runner.invoke(args=["content", "load", "--root", str(CONTENT)])
    login(client, "boss")
    _add(app, client, "新宿区ひきこもり支援センター", parent="新宿区")
    _add(app, client, "練馬区ひきこもり支援NPO", kind="npo", parent="練馬区")
    people(
        "shinjuku-centre",
        audience="center",
        organisation="新宿区ひきこもり支援センター",
        display_name="センター 一郎",
    )
    people(
        "nerima-npo",
        audience="counselor",
        organisation="練馬区ひきこもり支援NPO",
        display_name="エヌピーオー 次郎",
    )
    return people


def test_a_municipalitys_report_includes_its_centres_and_no_one_elses(app, client, centres):
    login(client, "coord")
    html = client.get("/reports").get_data(as_text=True)
    assert "センター 一郎" in html and "民生 花子" in html
    assert "エヌピーオー 次郎" not in html and "練馬 一郎" not in html
    assert "新宿区ひきこもり支援センター" in html  # says whose centre the learner is in

    csv = client.get("/reports/completion.csv").get_data().decode("utf-8-sig")
    assert "shinjuku-centre" in csv and "nerima-npo" not in csv

    centre_learner = user_named(app, "shinjuku-centre").id
    assert client.get(f"/reports/learners/{centre_learner}").status_code == 200
    npo_learner = user_named(app, "nerima-npo").id
    assert client.get(f"/reports/learners/{npo_learner}").status_code == 404


def test_a_centres_own_coordinator_sees_only_the_centre(client, centres):
    centres(
        "centre-coord",
        role="coordinator",
        audience=None,
        organisation="新宿区ひきこもり支援センター",
    )
    login(client, "centre-coord")
    html = client.get("/reports").get_data(as_text=True)
    assert "センター 一郎" in html and "民生 花子" not in html


def test_the_report_needs_the_same_queries_however_many_centres(app, client, centres):
    def queries() -> int:
        login(client, "coord")
        client.get("/reports")  # the worker's copy of the published curriculum, once
        with app.app_context(), count_queries(db.engine) as counter:
            assert client.get("/reports").status_code == 200
        return counter["n"]

    before = queries()
    login(client, "boss")
    for number in range(3):
        _add(app, client, f"追加センター{number}", parent="新宿区")
        centres(f"extra{number}", audience="center", organisation=f"追加センター{number}")
    assert queries() == before
