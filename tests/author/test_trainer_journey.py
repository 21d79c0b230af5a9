"""A trainer's whole journey through the test client: create a module, write it, let it save
itself, meet a colleague's newer save without losing anything, publish, see learners get it,
change it again, read the history and revert."""

import re
import shutil

import sqlalchemy as sa

from app.extensions import db
from app.models import DraftRevision, Module, ModuleDraft, ModuleVersion
from tests.author.conftest import FIXTURE
from tests.author.editor import open_editor, publish, save, trainer
from tests.login import log_in

SLUG = "self-care-basics"
MODULE = {
    "title": "セルフケアの基本",
    "audiences": ["all"],
    "order": "3",
    "minutes": "10",
    "summary": "支援者が自分を大切にする方法を学びます。",
    "objectives-0-text": "疲れのサインに気づける",
    "objectives-0-source": "G 4-3",
    "sources-0": "G 4-3",
    # As a browser sends a textarea: CRLF line endings.
    "body": "## 疲れに気づく\r\n\r\n支援者も疲れます。\r\n\r\n"
    "## 一人で抱えない\r\n\r\nチームで支えます。\r\n",
}
QUESTION = {
    "questions-0-prompt": "疲れを感じたとき、まずどうしますか。",
    "questions-0-options-0-text": "同僚や上司に話す",
    "questions-0-options-0-correct": "y",
    "questions-0-options-0-feedback": "一人で抱えないことが大切です。",
    "questions-0-options-1-text": "誰にも言わずに続ける",
    "questions-0-options-1-feedback": "疲れがたまってしまいます。",
    "questions-0-options-2-text": "すぐに担当をやめる",
    "questions-0-options-2-feedback": "まず相談してからにしましょう。",
    "questions-0-explanation": "チームで支え合います。",
    "questions-0-source": "G 4-3",
}


def _learner_page(app, path):
    client = app.test_client()
    log_in(client, "hanako")
    return client.get(path)


def _fields_of(problems):
    return {p["field"] for p in problems}


def test_a_new_module_is_written_saved_published_changed_and_reverted(app, authoring):
    kato = trainer(app, "kato")
    created = kato.post("/author/modules/new", data={"slug": SLUG, "title": "セルフケアの基本"})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["revision"] == 1
    # Nothing is published yet: learners do not see it.
    assert _learner_page(app, f"/modules/{SLUG}").status_code == 404
    assert "セルフケアの基本" not in _learner_page(app, "/modules").get_data(as_text=True)

    state = open_editor(kato, SLUG)
    assert state["revision"] == 1 and not state["publishable"]
    assert {"summary", "minutes", "objectives", "sources"} <= _fields_of(state["problems"])
    assert "'summary' が入力されていません" in {p["message"] for p in state["problems"]}

    saved = save(kato, SLUG, state, "module", MODULE)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    body = saved.get_json()
    assert body["revision"] == 2 and body["saved_at"]
    assert [p for p in body["problems"] if p["part"] == "module"] == []

    # Typing pauses: the page's script saves by itself, a revision like any other.
    state = open_editor(kato, SLUG)
    autosaved = save(kato, SLUG, state, "module", {"minutes": "12"}, autosave=True)
    assert autosaved.get_json()["revision"] == 3

    # The quiz: a question added with the editor's button, then written.
    state = open_editor(kato, SLUG)
    added = save(kato, SLUG, state, "quiz", action="add:questions:single")
    assert added.status_code == 200
    state = open_editor(kato, SLUG)
    assert state["quiz"]["questions-0-id"] == "q-01"
    assert "questions-0-prompt" in _fields_of(state["problems"])
    written = save(kato, SLUG, state, "quiz", QUESTION)
    assert written.get_json()["problems"] == [], written.get_json()
    assert written.get_json()["publishable"]

    state = open_editor(kato, SLUG)
    published = publish(kato, SLUG, state["revision"])
    assert published.status_code == 200, published.get_data(as_text=True)
    assert published.get_json() == {"module_version": 1, "quiz_version": 1}
    assert open_editor(kato, SLUG)["draft"] is None  # the draft is closed

    page = _learner_page(app, f"/modules/{SLUG}").get_data(as_text=True)
    assert "セルフケアの基本" in page and "支援者も疲れます。" in page
    quiz = _learner_page(app, f"/modules/{SLUG}/quiz").get_data(as_text=True)
    assert "疲れを感じたとき、まずどうしますか。" in quiz

    # A second change: opened on the published version (revision 0), saved, published.
    state = open_editor(kato, SLUG)
    assert state["revision"] == 0
    save(kato, SLUG, state, "module", {"title": "支援者のセルフケア"})
    again = publish(kato, SLUG, open_editor(kato, SLUG)["revision"], change_note="題名を変更")
    assert again.get_json() == {"module_version": 2, "quiz_version": None}
    assert "支援者のセルフケア" in _learner_page(app, f"/modules/{SLUG}").get_data(as_text=True)

    versions = kato.get(f"/author/modules/{SLUG}/history").get_json()
    assert [(v["number"], v["origin"], v["current"]) for v in versions["module"]] == [
        (2, "browser", True),
        (1, "browser", False),
    ]
    assert versions["module"][0]["published_by"]["username"] == "kato"
    assert versions["module"][0]["change_note"] == "題名を変更"
    compared = kato.get(f"/author/modules/{SLUG}/history/compare?part=module&left=1&right=2")
    changed = [r for r in compared.get_json()["rows"] if r["kind"] != "same"]
    assert [(r["kind"], r["left"], r["right"]) for r in changed if r["kind"] == "changed"] == [
        ("changed", "題名：セルフケアの基本", "題名：支援者のセルフケア")
    ]

    reverted = kato.post(f"/author/modules/{SLUG}/revert/1")
    assert reverted.get_json() == {"part": "module", "restored": 1, "number": 3}
    assert "セルフケアの基本" in _learner_page(app, f"/modules/{SLUG}").get_data(as_text=True)
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == SLUG))
        versions = db.session.scalars(
            sa.select(ModuleVersion)
            .where(ModuleVersion.module_id == module.id)
            .order_by(ModuleVersion.number)
        ).all()
        assert versions[2].source_text == versions[0].source_text
        assert module.current_version_id == versions[2].id


def test_a_stale_save_is_refused_shows_the_other_change_and_loses_nothing(app, authoring):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    opened_by_sato = open_editor(sato, "sample")
    kato_state = open_editor(kato, "sample")
    first = save(kato, "sample", kato_state, "module", {"summary": "加藤が書いた要約です。"})
    assert first.status_code == 200
    revision = first.get_json()["revision"]

    # Sato's editor still shows the published version (revision 0): refused.
    refused = save(sato, "sample", opened_by_sato, "module", {"title": "佐藤が変えた題名"})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["error"] == "stale"
    assert "加藤 研修" in body["message"]
    assert body["revision"] == revision
    changed = [r for r in body["changes"]["module"]["rows"] if r["kind"] != "same"]
    assert any("加藤が書いた要約です。" in (r["right"] or "") for r in changed)
    # What Sato typed comes back, for the page to keep in the form.
    assert body["yours"]["module"]["title"] == "佐藤が変えた題名"
    # And nothing of Kato's was touched.
    assert open_editor(kato, "sample")["module"]["summary"] == "加藤が書いた要約です。"

    # Sato saves on top, sending the revision the refusal gave.
    retry = {**body["yours"]["module"], "summary": "加藤が書いた要約です。"}
    ok = save(sato, "sample", {**body, "module": retry}, "module")
    assert ok.status_code == 200, ok.get_data(as_text=True)
    final = open_editor(kato, "sample")["module"]
    assert (final["title"], final["summary"]) == ("佐藤が変えた題名", "加藤が書いた要約です。")
    with app.app_context():
        texts = db.session.scalars(
            sa.select(DraftRevision.module_text).order_by(DraftRevision.revision)
        ).all()
    assert len(texts) == 3 and "加藤が書いた要約です。" in texts[1]


def test_a_stale_save_on_a_draft_that_moved_on_is_refused_too(app, authoring):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    save(kato, "sample", open_editor(kato, "sample"), "module", {"minutes": "6"})
    both = open_editor(sato, "sample")
    assert save(kato, "sample", both, "module", {"minutes": "7"}).status_code == 200
    refused = save(sato, "sample", both, "module", {"minutes": "8"})
    assert refused.status_code == 409
    rows = refused.get_json()["changes"]["module"]["rows"]
    assert [(r["left"], r["right"]) for r in rows if r["kind"] == "changed"] == [
        ("所要時間（分）：6", "所要時間（分）：7")
    ]
    assert open_editor(kato, "sample")["module"]["minutes"] == "7"


def test_a_double_submit_of_the_same_save_records_one_revision(app, authoring):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    first = save(kato, "sample", state, "module", {"minutes": "9"})
    second = save(kato, "sample", state, "module", {"minutes": "9"})
    assert first.status_code == second.status_code == 200
    assert first.get_json()["revision"] == second.get_json()["revision"] == 2
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DraftRevision)) == 2


def test_publishing_a_draft_with_problems_is_refused_with_them(app, authoring):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    save(kato, "sample", state, "module", {"minutes": "たくさん", "body": "前置き\n\n## 見出し\n"})
    state = open_editor(kato, "sample")
    problems = {(p["field"], p["body_line"], p["message"]) for p in state["problems"]}
    assert ("minutes", None, "minutes は1から9999までの整数で書いてください") in problems
    assert ("body", 1, "最初の「## 」見出しより前に文章があります") in problems
    assert any(p[0] == "body" and "本文がありません" in p[2] for p in problems)
    refused = publish(kato, "sample", state["revision"])
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "problems"
    assert "テスト用の単元" in _learner_page(app, "/modules/sample").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ModuleDraft)) == 1


def test_publishing_asks_first_when_a_version_came_out_after_the_draft(
    app, authoring, runner, tmp_path
):
    kato, sato = trainer(app, "kato"), trainer(app, "sato")
    save(kato, "sample", open_editor(kato, "sample"), "module", {"minutes": "7"})
    # Meanwhile a new version is loaded from the files.
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    module_file = root / "modules" / "01-sample.md"
    module_file.write_text(
        module_file.read_text(encoding="utf-8").replace("テスト用の単元", "ファイルで変えた題名"),
        encoding="utf-8",
    )
    assert runner.invoke(args=["content", "load", "--root", str(root)]).exit_code == 0
    state = open_editor(sato, "sample")
    asked = publish(sato, "sample", state["revision"])
    assert asked.status_code == 409
    assert asked.get_json()["error"] == "published_meanwhile"
    rows = asked.get_json()["changes"]["module"]["rows"]
    assert any(r["right"] == "題名：ファイルで変えた題名" for r in rows)
    done = publish(sato, "sample", state["revision"], over_newer="1")
    assert done.status_code == 200
    assert done.get_json()["module_version"] == 3


def test_a_published_version_asks_for_re_certification_when_marked(app, authoring):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    save(kato, "sample", state, "quiz", {"questions-0-prompt": "正しいものを選んでください。"})
    marked = publish(
        kato,
        "sample",
        open_editor(kato, "sample")["revision"],
        requires_recertification="y",
        change_note="問1の問いを直しました",
    )
    # Only the quiz changed, but the mark lives on a module version: one is made for it.
    assert marked.get_json() == {"module_version": 2, "quiz_version": 2}
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "sample"))
        version = module.current_version
        assert version.requires_recertification is True
        assert version.change_note == "問1の問いを直しました"
        assert version.origin == "browser" and version.published_by.username == "kato"
        first = db.session.scalar(
            sa.select(ModuleVersion).where(
                ModuleVersion.module_id == module.id, ModuleVersion.number == 1
            )
        )
        assert first.origin == "file" and first.published_by is None
        assert version.source_text == first.source_text


def test_an_unchanged_draft_has_nothing_to_publish_and_a_bad_slug_is_refused(app, authoring):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    save(kato, "sample", state, "module", {"minutes": "6"})
    state = open_editor(kato, "sample")
    save(kato, "sample", state, "module", {"minutes": "5"})
    nothing = publish(kato, "sample", open_editor(kato, "sample")["revision"])
    assert nothing.status_code == 422 and nothing.get_json()["error"] == "unchanged"

    for slug, field in (
        ("Bad Slug", "slug"),
        ("sample", "slug"),
        ("a" * 81, "slug"),
        ("fine-slug", "title"),
    ):
        refused = kato.post(
            "/author/modules/new", data={"slug": slug, "title": "" if field == "title" else "題"}
        )
        assert refused.status_code == 422
        assert list(refused.get_json()["errors"]) == [field]
    assert kato.post("/author/modules/sample/revert/99").status_code == 404
    assert kato.get("/author/modules/no-such/draft").status_code == 404


def test_the_preview_renders_as_learners_see_it_with_glossary_links(app, authoring):
    kato = trainer(app, "kato")
    form = {**open_editor(kato, "sample")["module"], "audience": "center"}
    form["body"] = "## 見出し\n\n本文<script>alert(1)</script> [x](javascript:alert(1))\n"
    shown = kato.post("/author/modules/sample/draft/preview", data=form).get_json()
    (section,) = shown["sections"]
    assert section["title"] == "見出し"
    assert "<script>" not in section["html"] and "javascript:" not in section["html"]
    assert shown["for_audience"] is True
    assert re.search(r"本文", section["html"])


def test_a_second_click_on_publish_publishes_nothing_more(app, authoring):
    kato = trainer(app, "kato")
    save(kato, "sample", open_editor(kato, "sample"), "module", {"minutes": "6"})
    revision = open_editor(kato, "sample")["revision"]
    assert publish(kato, "sample", revision).get_json()["module_version"] == 2
    second = publish(kato, "sample", revision)
    assert second.status_code == 409
    assert second.get_json()["module_version"] == 2
    assert "学習者には公開中の版が表示されています" in second.get_json()["message"]
    versions = kato.get("/author/modules/sample/history").get_json()["module"]
    assert [v["number"] for v in versions] == [2, 1]


def test_texts_longer_than_their_columns_are_problems_not_errors(app, authoring):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    save(
        kato, "sample", state, "module", {"title": "長" * 201, "body": f"## {'見' * 201}\n\n本文\n"}
    )
    state = open_editor(kato, "sample")
    save(
        kato,
        "sample",
        state,
        "quiz",
        {"questions-1-id": "q" * 81, "questions-2-source": "G " * 101},
    )
    state = open_editor(kato, "sample")
    found = {(p["field"], p["message"]) for p in state["problems"]}
    assert ("title", "'title' が200文字を超えています。短くしてください") in found
    assert any(f == "body" and "見出しが200文字を超えています" in m for f, m in found)
    assert ("questions-1-id", "問題の 'id' が80文字を超えています。短くしてください") in found
    assert (
        "questions-2-source",
        "問題の 'source' が200文字を超えています。短くしてください",
    ) in found
    assert publish(kato, "sample", state["revision"]).status_code == 422
