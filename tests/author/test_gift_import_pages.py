"""GIFT in the browser, through the test client: upload or paste a file, see every question
and every problem, confirm into the quiz's draft (never to learners), once."""

import html as html_module
import io
import re
from pathlib import Path

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import AuditEvent, Module, ModuleDraft, QuizVersion
from app.services.authoring import drafts
from tests.author.editor import open_editor, save, trainer

GIFT = Path(__file__).parent.parent / "fixtures" / "gift"
PAGE = "/author/modules/sample/quiz/import"


def _upload(client, name, data=None, **form):
    data = (GIFT / name).read_bytes() if data is None else data
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    files = MultiDict({**form, "file": FileStorage(io.BytesIO(data), Path(name).name)})
    boundary, body = encode_multipart(files)
    return client.post(PAGE, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _confirm_fields(page_html):
    """The hidden fields of the preview's confirmation form, as the browser sends them."""
    form = re.search(r'<form method="post" action="([^"]+/confirm)">(.*?)</form>', page_html, re.S)
    assert form, "no confirmation form"
    fields = {
        name: html_module.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" type="hidden" value="([^"]*)"', form[2])
    }
    return form[1], fields


def _draft_questions(app):
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "sample"))
        draft = drafts.draft_of(module)
        return [q.id for q in drafts.draft_fields(draft).quiz.questions] if draft else None


def _quiz_versions(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(QuizVersion))


def test_the_page_offers_a_file_a_box_to_paste_into_and_the_skip_checkbox(app, authoring):
    page = trainer(app).get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'type="file"' in html and 'name="text"' in html and 'name="skip_unsupported"' in html
    assert 'href="/author/modules/sample/quiz.gift"' in html


def test_the_preview_shows_every_question_as_it_would_be_added_and_saves_nothing(app, authoring):
    response = _upload(trainer(app), "choice.gift")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "choice.gift の問題を確かめる" in html
    assert "最初の相談で、まず大切にしたいことはどれですか。" in html
    right = re.search(r'<li class="gift-option gift-option--right">(.*?)</li>', html, re.S)[1]
    assert "正解" in right and "話をよく聴き、相談してくれたことをねぎらう" in right
    assert "相談に来るまでの迷いを受け止めることから始まります。" in html  # the feedback
    assert "受付時間 9:00〜17:00 = 平日のみ" in html  # escapes read as GIFT means them
    assert re.search(r"choice\.gift:\d+: ", html)  # notes as FILE:line: message
    assert "問を下書きに加える" in html
    assert _draft_questions(app) is None and _quiz_versions(app) == 1


def test_confirming_adds_the_questions_to_the_draft_once(app, authoring):
    kato = trainer(app)
    action, fields = _confirm_fields(_upload(kato, "true-false.gift").get_data(as_text=True))
    assert "二つの" not in fields["gift_text"] and "Six months" in fields["gift_text"]
    response = kato.post(action, data=fields)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/author/modules/sample/quiz/edit")
    added = ["six-months", "state-not-illness", "short-true", "long-false"]
    assert _draft_questions(app)[-4:] == added
    with kato.session_transaction() as session:
        flashes = [message for _category, message in session.get("_flashes", [])]
    assert any("確認テストの下書きに4問を加えました" in m for m in flashes)
    # Learners see nothing new: the quiz is not published.
    assert _quiz_versions(app) == 1
    # The second click (or the back button and confirm again) adds nothing more.
    again = kato.post(action, data=fields)
    assert again.status_code == 303
    assert len(_draft_questions(app)) == 5 + 4
    with kato.session_transaction() as session:
        flashes = [message for _category, message in session.get("_flashes", [])]
    assert any("すでに確認テストの下書きに加えてあります" in m for m in flashes)
    with app.app_context():
        imports = db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "gift.import")
        )
        assert imports == 1


def test_confirming_into_an_open_draft_keeps_what_is_there(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    save(kato, "sample", state, "quiz", {"pass_mark": "70"})
    action, fields = _confirm_fields(_upload(kato, "choice.gift").get_data(as_text=True))
    assert kato.post(action, data=fields).status_code == 303
    with app.app_context():
        draft = db.session.scalar(sa.select(ModuleDraft))
        assert "pass_mark: 70" in draft.quiz_text and "first-contact" in draft.quiz_text


def test_a_draft_saved_by_someone_else_meanwhile_shows_the_preview_again(app, authoring):
    kato = trainer(app)
    action, fields = _confirm_fields(_upload(kato, "true-false.gift").get_data(as_text=True))
    sato = trainer(app, "sato")
    state = open_editor(sato, "sample")
    assert save(sato, "sample", state, "quiz", {"pass_mark": "70"}).status_code == 200
    response = kato.post(action, data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ほかの人が確認テストの下書きを保存しました" in html and "まだ何も加えていません" in html
    assert len(_draft_questions(app)) == 5
    # Confirming the fresh preview adds them on top of the colleague's change.
    action, fields = _confirm_fields(html)
    assert kato.post(action, data=fields).status_code == 303
    assert len(_draft_questions(app)) == 9


def test_a_broken_file_is_refused_with_every_problem_and_nothing_imported(app, authoring):
    response = _upload(trainer(app), "broken/many-problems.gift")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "このファイルは取り込めません。何も加えていません" in html
    problems = re.findall(r"<li><code>(many-problems\.gift:\d+: [^<]+)</code></li>", html)
    assert len(problems) >= 10
    assert "/confirm" not in html
    assert _draft_questions(app) is None


def test_unsupported_questions_refuse_the_file_unless_skipped(app, authoring):
    kato = trainer(app)
    refused = _upload(kato, "unsupported.gift")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "unsupported.gift:" in html and "取り込めない問題：" in html and "/confirm" not in html
    # Its "check again, skipping them" form carries the text and the file's name.
    again = re.search(
        r'<form method="post" action="/author/modules/sample/quiz/import">(.*?)</form>', html, re.S
    )[1]
    fields = {
        name: html_module.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', again)
    }
    assert fields["skip_unsupported"] == "y" and fields["filename"] == "unsupported.gift"
    skipped = kato.post(PAGE, data=fields)
    html = skipped.get_data(as_text=True)
    assert skipped.status_code == 200
    assert "unsupported.gift:" in html and "読み飛ばし：" in html
    action, confirm = _confirm_fields(html)
    assert kato.post(action, data=confirm).status_code == 303
    assert _draft_questions(app)[-1] == "kept"


def test_the_checkbox_skips_them_at_the_first_upload(app, authoring):
    response = _upload(trainer(app), "unsupported.gift", skip_unsupported="y")
    assert response.status_code == 200
    assert "1問を「テスト用の単元」の確認テストの下書きに加えられます" in response.get_data(
        as_text=True
    )


def test_pasted_text_works_like_a_file(app, authoring):
    kato = trainer(app)
    text = (GIFT / "true-false.gift").read_text(encoding="utf-8").replace("\n", "\r\n")
    response = kato.post(PAGE, data={"text": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "pasted.gift の問題を確かめる" in html and "pasted.gift:9: 不足：" in html


def test_a_file_that_is_not_utf8_text_too_large_or_empty_gets_a_clear_message(app, authoring):
    kato = trainer(app)
    cases = (
        ("sjis.gift", "::題::問題です。{T}".encode("shift_jis"), "UTF-8のテキストではありません"),
        ("nul.gift", b"::a::b{T}\x00", "NULバイト"),
        ("big.gift", b"// x\n" * 110_000, "512 KB"),
        ("empty.gift", b"   \n", "GIFTファイルを選ぶか"),
    )
    for name, data, words in cases:
        response = _upload(kato, name, data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert words in html, name
        assert 'id="file-error"' in html
    assert kato.post(PAGE, data={}).status_code == 422
    assert _draft_questions(app) is None


def test_a_tampered_or_empty_confirmation_changes_nothing(app, authoring):
    kato = trainer(app)
    response = kato.post(f"{PAGE}/confirm", data={"gift_text": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith(PAGE)
    broken = (GIFT / "broken" / "unclosed-brace.gift").read_text(encoding="utf-8")
    refused = kato.post(
        f"{PAGE}/confirm", data={"gift_text": broken, "filename": "x.gift", "revision": "0"}
    )
    assert refused.status_code == 422 and "x.gift:" in refused.get_data(as_text=True)
    assert _draft_questions(app) is None


def test_gift_text_with_markup_is_shown_as_text(app, authoring):
    payload = (
        "// source: G 2\n"
        "::<img src=x onerror=alert(1)>::<script>alert('prompt')</script>ですか。"
        "{=<b onclick=alert(2)>はい</b>#<script>alert(3)</script>"
        "~いいえ#理由です。####解説です。}\n"
    )
    html = trainer(app).post(PAGE, data={"text": payload}).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<b onclick" not in html


def test_a_refused_text_comes_back_to_be_corrected_on_the_same_page(app, authoring):
    kato = trainer(app)
    good = (GIFT / "true-false.gift").read_text(encoding="utf-8")
    broken = good + "\n\n::壊れた問題::閉じていない答え {=ここ ~あそこ\n"
    refused = kato.post(PAGE, data={"text": broken})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "何も加えていません" in html
    fix = re.search(r'<form [^>]*id="gift-fix"[^>]*>(.*?)</form>', html, re.S)
    assert fix, "the page offers the text to correct"
    shown = re.search(r"<textarea[^>]*>(.*?)</textarea>", fix[1], re.S)[1]
    assert html_module.unescape(shown).strip() == broken.strip()  # every line kept
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', fix[1])[1]
    corrected = kato.post(PAGE, data={"csrf_token": csrf, "filename": "pasted.gift", "text": good})
    assert corrected.status_code == 200
    assert "/confirm" in corrected.get_data(as_text=True)
    assert _draft_questions(app) is None  # checked, not yet added
