"""Two trainers on one draft, without JavaScript: the later save, based on a draft that has
moved on, is refused with the other's changes side by side, and nothing either typed is
lost; the page offers to save one's own text on top."""

import re

from tests.author.editor import trainer
from tests.author.editor_pages import page, read_form, submit

EDIT = "/author/modules/sample/edit"
QUIZ = "/author/modules/sample/quiz/edit"


def test_a_stale_module_save_is_refused_shows_theirs_and_keeps_mine(app, authoring):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    kato_page, sato_page = page(kato, EDIT), page(sato, EDIT)  # both open the published text
    assert submit(sato, EDIT, sato_page, {"title": "佐藤の題名"}).status_code == 302

    refused = submit(kato, EDIT, kato_page, {"summary": "加藤の要約です。"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert 'id="stale-notice"' in html and "佐藤 研修" in html
    # Their change, side by side: the old title on the left, theirs on the right.
    row = re.search(r'<tr class="diff-row diff-row--changed">(.*?)</tr>', html, re.S).group(1)
    assert "テスト用の単元" in row and "佐藤の題名" in row
    # Mine is still in the form, based on their revision now.
    form = read_form(html)
    assert form.values["summary"] == "加藤の要約です。"
    assert form.values["title"] == "テスト用の単元"
    assert ("do", "save") in form.buttons
    # Saved nowhere yet: the draft holds theirs.
    assert read_form(page(sato, EDIT)).values["title"] == "佐藤の題名"

    # "Save mine on top": the same form, now based on the draft as it is.
    on_top = submit(kato, EDIT, html, {"title": "佐藤の題名"})
    assert on_top.status_code == 302
    values = read_form(page(kato, EDIT)).values
    assert values["title"] == "佐藤の題名" and values["summary"] == "加藤の要約です。"


def test_a_stale_quiz_save_is_refused_too(app, authoring):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    kato_page = page(kato, QUIZ)
    submit(sato, QUIZ, page(sato, QUIZ), {"questions-0-prompt": "佐藤が直した問題文"})
    refused = submit(kato, QUIZ, kato_page, {"questions-1-prompt": "加藤が直した問題文"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "佐藤が直した問題文" in html.split('id="stale-notice"')[1].split("</table>")[0]
    assert read_form(html).values["questions-1-prompt"] == "加藤が直した問題文"


def test_publishing_a_draft_someone_changed_since_stops_and_shows_it(app, authoring):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    submit(kato, EDIT, page(kato, EDIT), {"title": "加藤の題名"})
    review = page(kato, "/author/modules/sample/publish/review")
    submit(sato, EDIT, page(sato, EDIT), {"title": "佐藤の題名"})
    revision = re.search(r'name="revision" value="(\d+)"', review).group(1)
    stopped = kato.post("/author/modules/sample/publish/review", data={"revision": revision})
    assert stopped.status_code == 409
    html = stopped.get_data(as_text=True)
    assert 'id="stale-notice"' in html and "佐藤の題名" in html
    versions = kato.get("/author/modules/sample/history").get_json()["module"]
    assert len(versions) == 1  # nothing published
