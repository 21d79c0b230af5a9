"""The content check's problems in the page's language: Japanese by default, English for a
trainer who chose English. `content check` keeps its English (tests/cli)."""

import html
import re

from tests.author.editor import open_editor, save, trainer
from tests.author.editor_pages import page, submit

EDIT = "/author/modules/sample/edit"


def _text(client, url):
    return html.unescape(page(client, url))


def _slot(text, name):
    found = re.search(rf'<p class="field__error" id="{name}-error"[^>]*>(.*?)</p>', text, re.S)
    assert found, name
    return found.group(1)


def _summary(text):
    return text.split('id="problem-list"')[1].split("</ul>")[0]


def _english(client, url):
    client.post("/language", data={"lang": "en", "next": url})


def _broken_module(client):
    saved = submit(client, EDIT, page(client, EDIT), {"title": "", "minutes": "たくさん"})
    assert saved.status_code == 302


def test_the_module_editor_shows_problems_in_japanese_beside_the_field_and_in_the_summary(
    app, authoring
):
    kato = trainer(app)
    _broken_module(kato)
    text = _text(kato, EDIT)
    assert "'title' が入力されていません" in _slot(text, "title")
    assert "minutes は1から9999までの整数で書いてください" in _slot(text, "minutes")
    summary = _summary(text)
    assert "<a href=\"#title\">'title' が入力されていません</a>" in summary
    assert "minutes は1から9999までの整数で書いてください" in summary
    assert "missing field" not in text and "a whole number" not in text


def test_the_module_editor_in_english_shows_the_english_words(app, authoring):
    kato = trainer(app)
    _broken_module(kato)
    _english(kato, EDIT)
    text = _text(kato, EDIT)
    assert "missing field 'title'" in _slot(text, "title")
    assert "minutes: a whole number from 1 to 9999" in _slot(text, "minutes")
    assert "missing field 'title'" in _summary(text)
    assert "が入力されていません" not in text


def test_the_autosave_answer_gives_the_problems_in_the_trainers_language(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    answer = save(kato, "sample", state, "module", {"summary": ""}, autosave=True).get_json()
    found = {p["field"]: p for p in answer["problems"]}
    assert found["summary"]["message"] == "'summary' が入力されていません"
    assert found["summary"]["text"].endswith(": 'summary' が入力されていません")
    _english(kato, EDIT)
    state = open_editor(kato, "sample")
    answer = save(kato, "sample", state, "module", {"minutes": "0"}, autosave=True).get_json()
    messages = {p["field"]: p["message"] for p in answer["problems"]}
    assert messages["summary"] == "missing field 'summary'"
    assert messages["minutes"] == "minutes: a whole number from 1 to 9999"


def test_a_body_problem_keeps_its_line_and_says_it_in_japanese(app, authoring):
    kato = trainer(app)
    body = "# 見出し\n\n本文です。\n"
    submit(kato, EDIT, page(kato, EDIT), {"body": body})
    slot = _slot(_text(kato, EDIT), "body")
    assert "1行目：" in slot and "セクションの見出しは「# 」ではなく「## 」で始めてください" in slot
    assert "use '## '" not in slot


def test_the_quiz_editor_shows_quiz_problems_in_japanese(app, authoring):
    kato = trainer(app)
    state = open_editor(kato, "sample")
    answer = save(kato, "sample", state, "quiz", {"pass_mark": "150"}, autosave=True).get_json()
    messages = {p["field"]: p["message"] for p in answer["problems"]}
    assert messages["pass_mark"] == "pass_mark は1から100までの数（％）で書いてください"
    text = _text(kato, "/author/modules/sample/quiz/edit")
    assert "pass_mark は1から100までの数（％）で書いてください" in _slot(text, "pass_mark")
    assert "a percent from 1 to 100" not in text


def _warnings(text, region):
    return text.split(f'id="{region}"')[1].split("</div>")[0]


def test_blind_strategy_warnings_are_japanese_on_the_quiz_editor_and_the_home_page(app, authoring):
    kato = trainer(app)
    quiz = "/author/modules/sample/quiz/edit"
    # Every right answer first: a learner who always picks the first option passes.
    typed = {"questions-2-options-0-correct": "y", "questions-2-options-1-correct": None}
    shown = submit(kato, quiz, page(kato, quiz), typed, button=("do", "preview"))
    warnings = _warnings(html.unescape(shown.get_data(as_text=True)), "quiz-warnings")
    assert "内容を読まなくても、次の決め方で合格できてしまいます" in warnings
    assert "a learner who reads nothing" not in warnings and "always option" not in warnings
    home = html.unescape(page(kato, "/author/"))
    sample = home.split('id="module-sample"')[1].split('id="module-commissioners-only"')[0]
    assert "内容を読まなくても" in sample and "reads nothing" not in sample
    _english(kato, "/author/")
    assert "a learner who reads nothing passes this quiz" in page(kato, "/author/")


def test_the_gift_preview_of_a_broken_file_says_each_problem_in_japanese_with_its_line(
    app, authoring
):
    kato = trainer(app)
    text = "::一問目:: どれ? {\n=はい\n~いいえ}\n\n::二問目:: 閉じていない {=はい ~いいえ\n"
    response = kato.post(
        "/author/modules/sample/quiz/import", data={"text": text, "filename": "broken.gift"}
    )
    assert response.status_code == 422
    shown = html.unescape(response.get_data(as_text=True))
    items = re.findall(r"<li><code>(broken\.gift:\d+: [^<]+)</code></li>", shown)
    assert "broken.gift:5: '{' が '}' で閉じられていません（空の行で問題が区切られます）" in items
    assert "is not closed" not in shown


def test_the_gift_preview_says_what_cannot_be_imported_and_what_is_missing_in_japanese(
    app, authoring
):
    kato = trainer(app)
    text = (
        "::作文:: 感じたことを書いてください {}\n\n"
        "::選ぶ:: 最初にすることは? {\n=話を聴く#よく聴けています\n~助言する}\n"
    )
    response = kato.post(
        "/author/modules/sample/quiz/import", data={"text": text, "filename": "mixed.gift"}
    )
    assert response.status_code == 422
    shown = html.unescape(response.get_data(as_text=True))
    assert "作文の問題（'{}'）です：よりそいは自動で採点できる問題だけを扱います" in shown
    assert "an essay question" not in shown

    skipped = kato.post(
        "/author/modules/sample/quiz/import",
        data={"text": text, "filename": "mixed.gift", "skip_unsupported": "y"},
    )
    assert skipped.status_code == 200
    shown = html.unescape(skipped.get_data(as_text=True))
    assert "「助言する」へのフィードバック" in shown and "解説（'####'" in shown
    assert "feedback on" not in shown and "explanation (general" not in shown
