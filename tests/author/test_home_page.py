"""The trainer's home at /author/: every module with what learners see, open drafts and
warnings, and the page that starts a new module."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Module, ModuleDraft
from tests.author.editor import open_editor, save, trainer
from tests.login import log_in


def test_the_home_lists_every_module_with_versions_drafts_and_warnings(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    assert save(kato, "sample", state, "module", {"minutes": "7"}).status_code == 200
    response = kato.get("/author/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    sample = html.split('id="module-sample"')[1].split('id="module-commissioners-only"')[0]
    assert "テスト用の単元" in html and "民生委員だけの単元" not in html  # titles, not summaries
    assert "第1版" in sample and "ファイルから読み込み" in sample
    assert "5 問" in sample
    assert "下書きあり" in sample and "加藤 研修" in sample
    # content check's blind-strategy warning, and the statistics' honest "too few yet".
    assert "内容を読まなくても、次の決め方で合格できてしまいます" in sample
    assert "まだ回答が少ない" in sample
    for link in (
        "/author/modules/sample/edit",
        "/author/modules/sample/quiz/edit",
        'href="/modules/sample"',
        "/author/modules/sample/versions",
        "/author/statistics/sample",
        "/author/modules/sample/quiz.gift",
        "/author/modules/sample/quiz/import",
    ):
        assert link in sample, link
    commissioners = html.split('id="module-commissioners-only"')[1]
    assert "下書きはありません" in commissioners and "公開されたクイズはありません" in commissioners
    assert "/author/modules/commissioners-only/quiz.gift" not in commissioners


def test_a_module_never_published_shows_its_draft_title_and_no_learner_link(app, authoring):
    kato = trainer(app)
    kato.post("/author/new", data={"slug": "brand-new", "title": "新しい単元"})
    html = kato.get("/author/").get_data(as_text=True)
    assert 'id="module-brand-new">新しい単元</h2>' in html
    card = html.split('id="module-brand-new"')[1]
    assert "まだ公開されていません" in card
    assert 'href="/modules/brand-new"' not in card


def test_the_new_module_page_refuses_bad_input_beside_the_field(app, authoring):
    kato = trainer(app)
    page = kato.get("/author/new")
    assert page.status_code == 200 and 'name="slug"' in page.get_data(as_text=True)
    for data, field, words in (
        ({"slug": "", "title": "題"}, "slug", "入力してください"),
        ({"slug": "Bad Slug", "title": "題"}, "slug", "小文字"),
        ({"slug": "sample", "title": "題"}, "slug", "ほかの単元で使われて"),
        ({"slug": "fine-slug", "title": ""}, "title", "入力してください"),
    ):
        response = kato.post("/author/new", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, data
        error = re.search(rf'<p class="field__error" id="{field}-error">(.*?)</p>', html)
        assert error and words in error.group(1), data
        assert f'value="{data["title"]}"' in html or not data["title"]  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleDraft)) == 0


def test_a_new_module_opens_the_module_editor(app, authoring):
    kato = trainer(app)
    response = kato.post("/author/new", data={"slug": "self-care", "title": "セルフケア"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/author/modules/self-care/edit")
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "self-care"))
        assert module.current_version is None and module.draft.created_by.username == "kato"
    # The JSON endpoint the editor's script uses is untouched.
    created = kato.post("/author/modules/new", data={"slug": "other", "title": "別の単元"})
    assert created.status_code == 201 and created.get_json()["slug"] == "other"


@pytest.mark.parametrize("username", ["kato", "boss"])
def test_the_menu_shows_authoring_to_trainers_and_admins(app, authoring, username):
    client = app.test_client()
    log_in(client, username)
    page = client.get("/glossary")
    assert page.status_code == 200
    assert '<a href="/author/">教材の編集</a>' in page.get_data(as_text=True)
    assert client.get("/author/").status_code == 200


@pytest.mark.parametrize("username", ["hanako", "coord"])
def test_the_menu_hides_authoring_from_learners_and_coordinators(app, authoring, username):
    client = app.test_client()
    log_in(client, username)
    page = client.get("/glossary")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "用語集" in html
    assert "教材の編集" not in html and 'href="/author' not in html
    assert client.get("/author/").status_code == 403


def test_a_trainer_starts_at_the_authoring_home(app, authoring):
    client = app.test_client()
    response = log_in(client, "kato")
    assert response.headers["Location"] == "/author/"
    assert "教材の編集" in client.get("/author/").get_data(as_text=True)


def test_a_new_module_leads_from_the_home_into_its_editor_and_back(app, authoring):
    kato = trainer(app)
    home = kato.get("/author/").get_data(as_text=True)
    assert 'href="/author/new"' in home
    created = kato.post(
        "/author/new", data={"slug": "local-examples", "title": "地域の例"}, follow_redirects=True
    )
    assert created.status_code == 200
    assert created.request.path == "/author/modules/local-examples/edit"
    editor = created.get_data(as_text=True)
    assert 'value="地域の例"' in editor
    assert '<p class="breadcrumb"><a href="/author/">教材の編集</a>' in editor  # back home
    quiz = kato.get("/author/modules/local-examples/quiz/edit")
    assert quiz.status_code == 200
