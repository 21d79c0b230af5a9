"""Script typed into any field of the editor never runs: not in the preview, not on the
published module, quiz or result page. (The JSON answers carry the text as typed, as data:
application/json with nosniff; pages that show it escape it.)"""

import re
from html.parser import HTMLParser

import pytest

from tests.author.editor import open_editor, publish, save, trainer
from tests.author.editor_pages import page, read_form, submit
from tests.login import log_in

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
]


def _dangerous(html: str) -> list[str]:
    found = re.findall(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html)
    found += re.findall(r"<[^>]+\son[a-z]+\s*=", html)
    found += re.findall(r"<svg", html)
    found += re.findall(r"href=['\"]?\s*javascript:", html)
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_neutralised(app, authoring, payload):
    kato = trainer(app, "kato")
    state = open_editor(kato, "sample")
    module = {
        "title": f"題名{payload}",
        "summary": f"要約{payload}",
        "objectives-0-text": f"目標{payload}",
        "objectives-0-source": f"G 2{payload}",
        "sources-0": f"G 2 {payload}",
        "body": f"## 見出し{payload}\n\n本文{payload}\n\n[リンク](javascript:alert(1))\n",
    }
    assert save(kato, "sample", state, "module", module).status_code == 200
    state = open_editor(kato, "sample")
    quiz = {
        f"questions-{n}-{name}": f"{name}{payload}"
        for n in range(5)
        for name in (
            "prompt",
            "explanation",
            "source",
        )
    }
    quiz |= {
        "questions-3-scenario": f"事例{payload}",
        "questions-0-options-0-text": f"選択肢{payload}",
        "questions-0-options-0-feedback": f"理由{payload}",
        "questions-4-pairs-0-prompt": f"項目{payload}",
        "questions-4-pairs-0-feedback": f"理由{payload}",
        "questions-4-distractors-0-feedback": f"理由{payload}",
    }
    saved = save(kato, "sample", state, "quiz", quiz)
    assert saved.status_code == 200
    assert saved.get_json()["problems"] == [], saved.get_json()["problems"]

    preview = kato.post(
        "/author/modules/sample/draft/preview", data=open_editor(kato, "sample")["module"]
    ).get_json()
    assert all(_dangerous(section["html"]) == [] for section in preview["sections"])

    published = publish(kato, "sample", open_editor(kato, "sample")["revision"])
    assert published.status_code == 200, published.get_data(as_text=True)

    learner = app.test_client()
    log_in(learner, "hanako")
    page = learner.get("/modules/sample").get_data(as_text=True)
    assert "題名" in page and "本文" in page
    quiz_page = learner.get("/modules/sample/quiz").get_data(as_text=True)
    assert "項目" in quiz_page
    attempt = re.search(r'name="attempt" value="(\d+)"', quiz_page).group(1)
    answers = {"attempt": attempt, "q-first": "0", "q-second": "0", "q-third": "0"}
    answers |= {"q-fourth": "0", **{f"q-window-and-role-{i}": "0" for i in range(3)}}
    result = learner.post("/modules/sample/quiz", data=answers)
    result_page = learner.get(result.headers["Location"]).get_data(as_text=True)
    assert "理由" in result_page
    for html in (page, quiz_page, result_page):
        assert _dangerous(html) == []
    history = kato.get("/author/modules/sample/history/compare?part=quiz&left=1&right=2")
    assert history.mimetype == "application/json"
    assert history.headers["X-Content-Type-Options"] == "nosniff"


class _Elements(HTMLParser):
    """What a browser would make of a page: the elements and attributes it holds (text
    inside an attribute value or a textarea is text, not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.found.append("<script> not ours")
        if tag in ("svg", "iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")


def _dangerous_elements(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_typed_into_the_editor_pages_are_neutralised(app, authoring, payload):
    kato = trainer(app, "kato")
    edit = "/author/modules/sample/edit"
    module = {
        "title": f"題名{payload}",
        "summary": f"要約{payload}",
        "objectives-0-text": f"目標{payload}",
        "objectives-0-source": f"G 2{payload}",
        "sources-0": f"G 2 {payload}",
        "body": f"## 見出し{payload}\n\n本文{payload}\n\n[リンク](javascript:alert(1))\n",
    }
    preview = submit(kato, edit, page(kato, edit), module, button=("do", "preview"))
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "本文" in html.split('id="preview-body"')[1]
    assert read_form(html).values["title"] == f"題名{payload}"  # kept exactly as typed
    assert _dangerous_elements(html) == []
    fragment = kato.post(f"{edit}/preview", data=read_form(html).values)
    assert (
        fragment.status_code == 200 and _dangerous_elements(fragment.get_data(as_text=True)) == []
    )
    assert submit(kato, edit, html, module).status_code == 302
    assert _dangerous_elements(page(kato, edit)) == []

    quiz_edit = "/author/modules/sample/quiz/edit"
    quiz = {
        f"questions-{n}-{name}": f"{name}{payload}"
        for n in range(5)
        for name in ("prompt", "explanation", "source")
    }
    quiz |= {
        "questions-3-scenario": f"事例{payload}",
        "questions-0-options-0-text": f"選択肢{payload}",
        "questions-0-options-0-feedback": f"理由{payload}",
        "questions-4-pairs-0-prompt": f"項目{payload}",
        "questions-4-pairs-0-feedback": f"理由{payload}",
        "questions-4-distractors-0-text": f"余り{payload}",
    }
    shown = submit(kato, quiz_edit, page(kato, quiz_edit), quiz, button=("do", "preview"))
    assert shown.status_code == 200 and "項目" in shown.get_data(as_text=True)
    assert _dangerous_elements(shown.get_data(as_text=True)) == []
    assert submit(kato, quiz_edit, page(kato, quiz_edit), quiz).status_code == 302
    assert _dangerous_elements(page(kato, quiz_edit)) == []
    review = page(kato, "/author/modules/sample/publish/review")
    assert _dangerous_elements(review) == []
    revision = re.search(r'name="revision" value="(\d+)"', review).group(1)
    assert (
        kato.post("/author/modules/sample/publish/review", data={"revision": revision}).status_code
        == 302
    )

    learner = app.test_client()
    log_in(learner, "hanako")
    module_page = learner.get("/modules/sample").get_data(as_text=True)
    quiz_page = learner.get("/modules/sample/quiz").get_data(as_text=True)
    assert "本文" in module_page and "項目" in quiz_page
    assert _dangerous_elements(module_page) == [] and _dangerous_elements(quiz_page) == []
