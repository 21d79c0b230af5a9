"""The module editor page through the test client, as a browser without JavaScript uses it
(and its autosave as the script does): open, edit the fields, preview without saving, save,
meet the check's problems beside their fields and lines, add and remove rows, publish with
and without re-certification, and see it as a learner."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import GlossaryTerm, ModuleDraft
from tests.author.editor import open_editor, save, trainer
from tests.author.editor_pages import page, read_form, submit
from tests.login import log_in

EDIT = "/author/modules/sample/edit"
PUBLISH = "/author/modules/sample/publish/review"


def _learner(app):
    client = app.test_client()
    log_in(client, "hanako")
    return client


def _glossary(app):
    with app.app_context():
        db.session.add(
            GlossaryTerm(
                key="hikikomori",
                position=0,
                term="ひきこもり",
                reading="ひきこもり",
                aliases=[],
                definition="社会参加を避け、家にとどまり続けている状態。",
                source="G 2",
            )
        )
        db.session.commit()


def _draft_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(ModuleDraft.id)))


def test_the_editor_shows_the_published_module_as_fields(app, authoring):
    html = page(trainer(app), EDIT)
    form = read_form(html)
    assert form.values["title"] == "テスト用の単元"
    assert form.values.getlist("audiences") == ["all"]
    assert form.values["objectives-0-source"] == "G 2"
    assert form.values["body"].startswith("## はじめに")
    assert form.values["revision"] == "0"
    assert "下書きはまだありません" in html
    # The preview is there at once: the learners' renderer, sections and all.
    preview = html.split('id="preview-body"')[1]
    assert (
        "最初のセクションです。" in preview
        and "<table" in preview
        and "事例の本文です。" in preview
    )


def test_preview_without_javascript_shows_the_typed_text_and_saves_nothing(app, authoring):
    _glossary(app)
    kato = trainer(app)
    html = page(kato, EDIT)
    typed = {
        "title": "新しい題名",
        "body": "## 見出し\n\nひきこもりの方の**支援**について。\n",
        "audience": "center",
    }
    shown = submit(kato, EDIT, html, typed, button=("do", "preview"))
    assert shown.status_code == 200
    preview = shown.get_data(as_text=True)
    form = read_form(preview)
    assert form.values["title"] == "新しい題名"  # everything typed is kept
    assert form.values["body"] == typed["body"]
    assert "<strong>支援</strong>" in preview
    assert 'href="/glossary#' in preview  # glossary terms linked, as learners see them
    assert _draft_count(app) == 0  # nothing saved, and the page says so where it opens
    assert "まだ保存していません" in preview.split('id="not-saved"')[1].split("</p>")[0]
    assert "まだ保存していません" not in page(kato, EDIT)  # a plain visit is no preview
    assert "テスト用の単元" in _learner(app).get("/modules/sample").get_data(as_text=True)


def test_the_preview_says_when_the_chosen_audience_does_not_get_the_module(app, authoring):
    kato = trainer(app)
    html = page(kato, EDIT)
    typed = {"audiences": ["commissioner"], "audience": "center"}
    preview = submit(kato, EDIT, html, typed, button=("do", "preview")).get_data(as_text=True)
    assert "notice--warning" in preview
    typed["audience"] = "commissioner"
    preview = submit(kato, EDIT, html, typed, button=("do", "preview")).get_data(as_text=True)
    assert "notice--warning" not in preview


def test_save_redirects_back_and_says_when_and_who(app, authoring):
    kato = trainer(app)
    saved = submit(kato, EDIT, page(kato, EDIT), {"summary": "新しい要約です。"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(EDIT)
    html = page(kato, EDIT)
    assert read_form(html).values["summary"] == "新しい要約です。"
    assert re.search(r"\d\d:\d\d", html) and "加藤 研修" in html
    assert read_form(html).values["revision"] == "2"
    # Learners see the published version until it is published.
    assert "新しい要約です。" not in _learner(app).get("/modules/sample").get_data(as_text=True)


def test_autosave_through_the_json_endpoint_shows_on_the_page(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    answer = save(kato, "sample", state, "module", {"minutes": "7"}, autosave=True)
    assert answer.status_code == 200 and answer.get_json()["saved_by"]["username"] == "kato"
    html = page(kato, EDIT)
    assert read_form(html).values["minutes"] == "7"
    assert "加藤 研修" in html


def test_problems_appear_beside_their_field_and_on_their_line(app, authoring):
    kato = trainer(app)
    body = "## はじめに\n\n本文です。\n\n## はじめに\n\n二度目の見出しです。\n"
    saved = submit(kato, EDIT, page(kato, EDIT), {"title": "", "minutes": "たくさん", "body": body})
    assert saved.status_code == 302
    html = page(kato, EDIT)
    state = open_editor(kato, "sample")
    by_field = {}
    for problem in state["problems"]:
        by_field.setdefault(problem["field"], []).append(problem)
    assert {"title", "minutes"} <= set(by_field), state["problems"]
    for name in ("title", "minutes"):
        slot = re.search(rf'<p class="field__error" id="{name}-error"[^>]*>(.*?)</p>', html, re.S)
        assert slot and by_field[name][0]["message"] in slot.group(1).replace("&#39;", "'")
        assert re.search(rf'id="{name}" name="{name}"[^>]*aria-invalid="true"', html)
    # The summary says it in `content check`'s words, linked to the field; a problem of the
    # body with the line of the Markdown box, as beside the box (not the file's line).
    summary = html.split('id="problem-list"')[1].split("</ul>")[0].replace("&#39;", "'")
    assert f'<a href="#title">{by_field["title"][0]["message"]}</a>' in summary
    body_item = summary.split('<a href="#body">')[1].split("</a>")[0]
    assert "5行目" in body_item and by_field["body"][0]["message"] in body_item
    assert f":{by_field['body'][0]['line']}:" not in summary
    # A problem of the body names the line of the Markdown box it is on (line 5 here).
    assert by_field["body"][0]["body_line"] == 5
    slot = re.search(r'<p class="field__error" id="body-error"[^>]*>(.*?)</p>', html, re.S)
    assert "5行目" in slot.group(1) and "セクション「はじめに」が重なっています" in slot.group(1)


def test_rows_are_added_and_removed_with_buttons_that_need_no_javascript(app, authoring):
    kato = trainer(app)
    added = submit(kato, EDIT, page(kato, EDIT), button=("action", "add:objectives"))
    assert added.status_code == 302 and added.headers["Location"].endswith("#objectives")
    html = page(kato, EDIT)
    assert "objectives-1-text" in read_form(html).values
    typed = {"objectives-1-text": "二つめの目標", "objectives-1-source": "G 3"}
    submit(kato, EDIT, html, typed, button=("action", "add:sources"))
    html = page(kato, EDIT)
    assert read_form(html).values["objectives-1-text"] == "二つめの目標"  # kept on the way
    assert "sources-1" in read_form(html).values
    moved = submit(kato, EDIT, html, button=("action", "up:objectives-1"))
    assert moved.status_code == 302
    html = page(kato, EDIT)
    assert read_form(html).values["objectives-0-text"] == "二つめの目標"
    submit(kato, EDIT, html, button=("action", "remove:objectives-1"))
    values = read_form(page(kato, EDIT)).values
    assert values["objectives-0-text"] == "二つめの目標" and "objectives-1-text" not in values


def test_a_made_up_button_is_a_400_page_and_saves_nothing(app, authoring):
    kato = trainer(app)
    html = page(kato, EDIT)
    response = kato.post(EDIT, data={**read_form(html).values, "action": "explode:all"})
    assert response.status_code == 400 and "<main" in response.get_data(as_text=True)
    assert _draft_count(app) == 0
    assert kato.post(EDIT, data={"title": "x"}).status_code == 400  # no revision


def test_publish_with_and_without_recertification_and_learners_see_it(app, authoring):
    kato = trainer(app)
    submit(kato, EDIT, page(kato, EDIT), {"title": "公開する題名"})
    review = page(kato, PUBLISH)
    assert "公開する題名" in review  # what learners will see change
    revision = re.search(r'name="revision" value="(\d+)"', review).group(1)
    published = kato.post(PUBLISH, data={"revision": revision, "change_note": "題名を直しました"})
    assert published.status_code == 302
    after = kato.get(published.headers["Location"]).get_data(as_text=True)
    assert "公開しました" in after
    assert "公開する題名" in _learner(app).get("/modules/sample").get_data(as_text=True)

    # A second change, marked: learners' earlier completions expire.
    submit(kato, EDIT, page(kato, EDIT), {"summary": "大きく変わりました。"})
    revision = re.search(r'name="revision" value="(\d+)"', page(kato, PUBLISH)).group(1)
    marked = kato.post(
        PUBLISH,
        data={"revision": revision, "requires_recertification": "y", "change_note": "内容を更新"},
    )
    assert marked.status_code == 302
    versions = kato.get("/author/modules/sample/history").get_json()["module"]
    assert [(v["number"], v["requires_recertification"]) for v in versions[:2]] == [
        (3, True),
        (2, False),
    ]
    assert versions[0]["change_note"] == "内容を更新"
    assert "大きく変わりました。" in _learner(app).get("/modules/sample").get_data(as_text=True)


def test_a_second_click_on_publish_publishes_once_and_says_so_calmly(app, authoring):
    kato = trainer(app)
    submit(kato, EDIT, page(kato, EDIT), {"title": "一度だけ"})
    revision = re.search(r'name="revision" value="(\d+)"', page(kato, PUBLISH)).group(1)
    first = kato.post(PUBLISH, data={"revision": revision})
    second = kato.post(PUBLISH, data={"revision": revision})
    assert first.status_code == 302 and second.status_code == 302
    html = kato.get(second.headers["Location"]).get_data(as_text=True)
    assert "notice--error" not in html
    assert "公開する下書きはもうありません" in html
    versions = kato.get("/author/modules/sample/history").get_json()["module"]
    assert [v["number"] for v in versions] == [2, 1]


def test_problems_block_publishing_with_a_clear_message(app, authoring):
    kato = trainer(app)
    submit(kato, EDIT, page(kato, EDIT), {"title": ""})
    review = page(kato, PUBLISH)
    assert 'id="publish-problems"' in review
    assert 'action="/author/modules/sample/publish/review"' not in review  # no publish button
    assert 'href="/author/modules/sample/edit#title"' in review
    revision = str(open_editor(kato, "sample")["revision"])
    refused = kato.post(PUBLISH, data={"revision": revision})
    assert refused.status_code == 422 and 'id="publish-problems"' in refused.get_data(as_text=True)
    assert "テスト用の単元" in _learner(app).get("/modules/sample").get_data(as_text=True)


def test_discarding_asks_first_and_learners_keep_the_published_version(app, authoring):
    kato = trainer(app)
    submit(kato, EDIT, page(kato, EDIT), {"title": "捨てる題名"})
    confirm = page(kato, "/author/modules/sample/discard")
    revision = re.search(r'name="revision" value="(\d+)"', confirm).group(1)
    gone = kato.post("/author/modules/sample/discard", data={"revision": revision})
    assert gone.status_code == 302 and _draft_count(app) == 0
    assert read_form(page(kato, EDIT)).values["title"] == "テスト用の単元"
    again = kato.post("/author/modules/sample/discard", data={"revision": revision})
    assert again.status_code == 302  # a second click: calm, nothing more to do
    assert "notice--error" not in kato.get(again.headers["Location"]).get_data(as_text=True)


def test_the_publish_page_of_a_module_never_published_is_headed_with_its_draft_title(
    app, authoring
):
    kato = trainer(app)
    kato.post("/author/new", data={"slug": "first-one", "title": "はじめての単元"})
    review = page(kato, "/author/modules/first-one/publish/review")
    assert "<h1>公開：はじめての単元</h1>" in review
    # With the title left empty in the draft, the slug is all there is to name it by.
    edit = "/author/modules/first-one/edit"
    submit(kato, edit, page(kato, edit), {"title": ""})
    assert "<h1>公開：first-one</h1>" in page(kato, "/author/modules/first-one/publish/review")


EVERYONE_AND_MORE = "『全員』と、ほかの対象を同時には選べません。どちらかにしてください。"


def test_everyone_ticked_with_single_audiences_is_a_problem_beside_the_field(app, authoring):
    kato = trainer(app)
    ticked = {"audiences": ["all", "commissioner"], "summary": "書きかけの要約です。"}
    # Saved as ticked (a save is never refused for its content), the problem beside the field.
    assert submit(kato, EDIT, page(kato, EDIT), ticked).status_code == 302
    html = page(kato, EDIT)
    field = html.split('id="audiences"')[1].split("</fieldset>")[0]
    assert EVERYONE_AND_MORE in field
    assert read_form(html).values.getlist("audiences") == ["all", "commissioner"]
    assert "書きかけの要約です。" in html  # nothing typed is lost
    assert 'href="#audiences"' in html.split('id="problem-summary"')[1]
    # The preview says the same, and publishing waits until one or the other is chosen.
    previewed = submit(kato, EDIT, html, ticked, button=("do", "preview"))
    assert EVERYONE_AND_MORE in previewed.get_data(as_text=True).split('id="audiences"')[1]
    assert 'action="/author/modules/sample/publish/review"' not in page(kato, PUBLISH)
    # The editor's script gets it as a problem of the field, in the page's language.
    state = open_editor(kato, "sample")
    autosaved = save(kato, "sample", state, "module", ticked, autosave=True)
    problems = autosaved.get_json()["problems"]
    assert {"field": "audiences", "message": EVERYONE_AND_MORE} in [
        {"field": p["field"], "message": p["message"]} for p in problems
    ]
    assert submit(kato, EDIT, page(kato, EDIT), {"audiences": ["all"]}).status_code == 302
    assert EVERYONE_AND_MORE not in page(kato, EDIT)


def _minutes_messages(html: str) -> str:
    return html.split('id="minutes-error"')[1].split("</p>")[0].split(">", 1)[1]


def test_the_minutes_field_shows_one_message_for_one_problem(app, authoring):
    kato = trainer(app)
    submit(kato, EDIT, page(kato, EDIT), {"minutes": ""})
    assert _minutes_messages(page(kato, EDIT)) == "&#39;minutes&#39; が入力されていません"
    for typed in ("たくさん", "-5", "99999999999999999999"):
        submit(kato, EDIT, page(kato, EDIT), {"minutes": typed})
        html = page(kato, EDIT)
        assert _minutes_messages(html) == "minutes は1から9999までの整数で書いてください", typed
        assert f'value="{typed}"' in html
    # Too large a number is a problem to fix, not a database error when publishing.
    refused = kato.post(PUBLISH, data={"revision": str(open_editor(kato, "sample")["revision"])})
    assert refused.status_code == 422


def test_full_width_digits_count_as_the_numbers_they_are(app, authoring):
    kato = trainer(app)
    saved = submit(kato, EDIT, page(kato, EDIT), {"minutes": "１５", "order": "２"})
    assert saved.status_code == 302
    values = read_form(page(kato, EDIT)).values
    assert values["minutes"] == "15" and values["order"] == "2"
    state = open_editor(kato, "sample")
    assert not [p for p in state["problems"] if p["field"] in ("minutes", "order")]


def test_a_first_version_is_published_without_asking_for_re_certification(app, authoring):
    kato = trainer(app)
    kato.post("/author/new", data={"slug": "first-one", "title": "はじめての単元"})
    review = kato.get("/author/modules/first-one/publish/review")
    assert review.status_code == 200 and "公開" in review.get_data(as_text=True)
    assert 'name="requires_recertification"' not in review.get_data(as_text=True)
    # A module learners already have: its next version may ask them again.
    assert submit(kato, EDIT, page(kato, EDIT), {"minutes": "7"}).status_code == 302
    again = kato.get("/author/modules/sample/publish/review").get_data(as_text=True)
    assert 'name="requires_recertification"' in again
