"""Script typed into any field of the editor never runs: not in the preview, not on the
published module, quiz or result page. (The JSON answers carry the text as typed, as data:
application/json with nosniff; pages that show it escape it.)"""

import re

import pytest

from tests.author.editor import open_editor, publish, save, trainer
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
