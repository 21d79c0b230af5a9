import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ConsultationWindow
from tests.factories import add_centre_under_shinjuku, organisation_id
from tests.login import log_in

WINDOW = {
    "name": "ひきこもり相談窓口",
    "department": "保健予防課",
    "helps_with": "本人・家族の相談",
    "contact": "窓口へお問い合わせください",
    "hours": "平日の日中",
    "url": "https://www.city.shinjuku.lg.jp/",
}


@pytest.fixture
def people(users):
    users("coord", role="coordinator", audience=None, organisation="新宿区")
    users("coord-nerima", role="coordinator", audience=None, organisation="練馬区")
    users("learner", audience="commissioner", organisation="新宿区")
    users("learner-nerima", audience="commissioner", organisation="練馬区")
    users("boss", role="admin", audience=None, organisation="千代田区")
    return users


def _as(client, username):
    log_in(client, username)


def _window_id(app):
    with app.app_context():
        return db.session.scalar(sa.select(ConsultationWindow.id))


def test_a_coordinator_adds_edits_and_removes_their_own_windows(app, client, people):
    _as(client, "coord")
    assert client.post("/directory/manage/new", data=WINDOW).status_code == 302
    window_id = _window_id(app)
    edited = dict(WINDOW, hours="平日 午前")
    assert client.post(f"/directory/manage/{window_id}/edit", data=edited).status_code == 302
    assert "平日 午前" in client.get("/directory").get_data(as_text=True)
    assert client.post(f"/directory/manage/{window_id}/delete").status_code == 302
    assert _window_id(app) is None


def test_learners_see_their_own_municipality_and_the_tokyo_support_net(app, client, people):
    _as(client, "coord")
    client.post("/directory/manage/new", data=WINDOW)
    _as(client, "learner")
    html = client.get("/directory").get_data(as_text=True)
    assert "ひきこもり相談窓口" in html and "保健予防課" in html
    assert "東京都ひきこもりサポートネット" in html
    assert "https://www.hikikomori-tokyo.jp/" in html
    _as(client, "learner-nerima")
    html = client.get("/directory").get_data(as_text=True)
    assert "ひきこもり相談窓口" not in html
    assert "東京都ひきこもりサポートネット" in html


# Another municipality's window is not found (404), as if it did not exist; a learner has no
# access to the editor at all (403).
@pytest.mark.parametrize(("username", "status"), [("coord-nerima", 404), ("learner", 403)])
def test_nobody_else_may_change_a_municipalitys_windows(app, client, people, username, status):
    _as(client, "coord")
    client.post("/directory/manage/new", data=WINDOW)
    window_id = _window_id(app)
    _as(client, username)
    assert client.post(f"/directory/manage/{window_id}/edit", data=WINDOW).status_code == status
    assert client.post(f"/directory/manage/{window_id}/delete").status_code == status
    assert client.get(f"/directory/manage/{window_id}/edit").status_code == status
    assert _window_id(app) == window_id


def test_learners_cannot_open_the_editor(client, people):
    _as(client, "learner")
    assert client.get("/directory/manage").status_code == 403
    assert client.post("/directory/manage/new", data=WINDOW).status_code == 403


def test_a_coordinator_cannot_add_to_another_municipality(app, client, people):
    _as(client, "coord-nerima")
    shinjuku = organisation_id(app, "新宿区")
    client.post(f"/directory/manage/new?organisation={shinjuku}", data=WINDOW)
    with app.app_context():
        window = db.session.scalar(sa.select(ConsultationWindow))
        assert window.organisation.name == "練馬区"


def test_an_admin_can_keep_any_municipalitys_list(app, client, people):
    _as(client, "coord")
    client.post("/directory/manage/new", data=WINDOW)
    _as(client, "boss")
    window_id = _window_id(app)
    assert client.post(f"/directory/manage/{window_id}/edit", data=WINDOW).status_code == 302


def test_a_bad_address_is_explained_and_nothing_is_saved(app, client, people):
    _as(client, "coord")
    response = client.post("/directory/manage/new", data=dict(WINDOW, url="javascript:alert(1)"))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert _window_id(app) is None


def test_a_centres_people_see_their_municipalitys_windows(app, client, people):
    add_centre_under_shinjuku(app)
    people("centre-worker", audience="center", organisation="新宿区 第一センター")
    _as(client, "coord")
    client.post("/directory/manage/new", data=WINDOW)
    _as(client, "centre-worker")
    assert "ひきこもり相談窓口" in client.get("/directory").get_data(as_text=True)
