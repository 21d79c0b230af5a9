"""The versions pages: who published what and when, any two versions side by side, and
publishing an old version again through a form, once however often it is clicked."""

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Module, ModuleVersion
from tests.author.editor import open_editor, publish, save, trainer
from tests.author.pages import NEW_SUMMARY, publish_new_summary
from tests.login import log_in

OLD_SUMMARY = "テストのための短い単元です。"


def _learner_sees(app, text):
    client = app.test_client()
    log_in(client, "hanako")
    page = client.get("/modules/sample")
    assert page.status_code == 200
    return text in page.get_data(as_text=True)


def test_the_versions_page_says_who_published_what_when_and_how(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    response = kato.get("/author/modules/sample/versions")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    module_part = html.split('id="part-module"')[1].split('id="part-quiz"')[0]
    assert module_part.index("第2版") < module_part.index("第1版")  # newest first
    assert "加藤 研修" in module_part and "ブラウザーで" in module_part
    assert "ファイルから" in module_part and "公開中" in module_part
    assert 'href="/author/modules/sample/versions/module/1/revert"' in module_part
    assert "/versions/module/2/revert" not in module_part  # the current one
    # A GET form compares any two, with the previous and the current chosen.
    assert 'action="/author/modules/sample/versions/compare"' in module_part
    assert '<option value="1" selected>' in module_part
    quiz_part = html.split('id="part-quiz"')[1]
    assert "第1版" in quiz_part and "compare" not in quiz_part  # one quiz version only


def test_two_versions_side_by_side_mark_what_changed(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    response = kato.get("/author/modules/sample/versions/compare?part=module&left=1&right=2")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "単元：第1版と第2版" in html
    assert "変わった行 1、増えた行 0、消えた行 0" in html
    row = html.split('class="diff__row diff__row--changed"')[1].split("</tr>")[0]
    assert "<del>" in row and "<ins>" in row and "変更前：" in row and "変更後：" in row
    assert "要約：" in row  # a readable line, not YAML
    # Unchanged stretches fold away; the same-versions page says so calmly.
    assert "変わらない行が" in html
    same = kato.get("/author/modules/sample/versions/compare?part=module&left=2&right=2")
    assert same.status_code == 200 and "二つの版の内容は同じです" in same.get_data(as_text=True)
    # Without numbers: the one before the current one against the current one.
    assert "第1版と第2版" in kato.get("/author/modules/sample/versions/compare").get_data(
        as_text=True
    )


def test_the_compare_page_shows_each_versions_change_note(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    saved = save(kato, "sample", state, "module", {"summary": NEW_SUMMARY})
    state = open_editor(kato, "sample")
    saved = save(kato, "sample", state, "quiz", {"pass_mark": "70"})
    note = "要約を短くしました"
    published = publish(kato, "sample", saved.get_json()["revision"], change_note=note)
    assert published.status_code == 200, published.get_data(as_text=True)
    for part in ("module", "quiz"):
        response = kato.get(f"/author/modules/sample/versions/compare?part={part}&left=1&right=2")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        versions = html.split('id="compared-versions"')[1].split("</section>")[0]
        first, second = versions.split("第2版")
        assert "第1版" in first and "変更の説明はありません" in first  # loaded from a file
        assert note in second and "加藤 研修" in second
        assert html.index(note) < html.index('class="diff')  # above the diff


def test_a_bad_comparison_is_a_clear_4xx(app, authoring):
    kato = trainer(app)
    assert kato.get("/author/modules/sample/versions/compare?left=1&right=9").status_code == 404
    bad = kato.get("/author/modules/sample/versions/compare?part=yaml&left=1&right=1")
    assert bad.status_code == 400 and "part" in bad.get_data(as_text=True)
    assert kato.get("/author/modules/sample/versions/compare?left=x").status_code == 400
    assert kato.get("/author/modules/nothing/versions").status_code == 404
    assert kato.get("/author/modules/sample/versions/module/9/revert").status_code == 404


def test_reverting_through_the_form_publishes_the_old_text_as_a_new_number(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    assert _learner_sees(app, NEW_SUMMARY)
    page = kato.get("/author/modules/sample/versions/module/1/revert")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "第1版の内容をもう一度公開する" in html and "いま（第2版）" in html
    assert 'name="requires_recertification"' in html and 'name="change_note"' in html
    response = kato.post(
        "/author/modules/sample/versions/module/1/revert", data={"change_note": "要約を戻しました"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/author/modules/sample/versions")
    shown = kato.get(response.headers["Location"]).get_data(as_text=True)
    assert "第1版の内容を、第3版としてもう一度公開しました" in shown
    assert "第1版に戻したもの" in shown and "要約を戻しました" in shown
    assert _learner_sees(app, OLD_SUMMARY) and not _learner_sees(app, NEW_SUMMARY)


def test_a_double_click_on_revert_publishes_once_and_says_so_calmly(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    url = "/author/modules/sample/versions/module/1/revert"
    assert kato.post(url).status_code == 303
    again = kato.post(url, follow_redirects=True)
    html = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "すでに第1版の内容が表示されています" in html
    with app.app_context():
        numbers = db.session.scalars(
            sa.select(ModuleVersion.number)
            .join(Module, Module.id == ModuleVersion.module_id)
            .where(Module.slug == "sample")
        ).all()
        assert sorted(numbers) == [1, 2, 3]
        reverts = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "content.revert")
        )
        assert reverts == 1


def test_reverting_the_quiz_needs_no_recertification_box(app, authoring):
    kato = trainer(app)
    page = kato.get("/author/modules/sample/versions/quiz/1/revert")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "第1版は公開中の版です" in html and 'name="requires_recertification"' not in html
    # The current version posted anyway: nothing new, calmly.
    response = kato.post("/author/modules/sample/versions/quiz/1/revert", follow_redirects=True)
    assert response.status_code == 200
    assert "新しく公開したものはありません" in response.get_data(as_text=True)


def test_a_version_that_no_longer_passes_the_checks_is_refused_calmly(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    with app.app_context():
        old = db.session.scalar(
            sa.select(ModuleVersion)
            .join(Module, Module.id == ModuleVersion.module_id)
            .where(Module.slug == "sample", ModuleVersion.number == 1)
        )
        # As if the checks had grown stricter since version 1 was published.
        old.source_text = old.source_text.replace("minutes: 5", "minutes: many")
        db.session.commit()
    response = kato.post("/author/modules/sample/versions/module/1/revert")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "今のチェックを通らない" in html and "minutes" in html
    assert "学習者には引き続き第2版が表示されています" in html
    assert _learner_sees(app, NEW_SUMMARY)


def test_a_change_note_too_long_is_refused_beside_the_field(app, authoring):
    kato = trainer(app)
    publish_new_summary(kato)
    response = kato.post(
        "/author/modules/sample/versions/module/1/revert", data={"change_note": "長" * 2001}
    )
    assert response.status_code == 422
    assert 'id="change_note-error"' in response.get_data(as_text=True)
    assert _learner_sees(app, NEW_SUMMARY)
