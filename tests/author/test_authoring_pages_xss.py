"""Markup typed into a title, a summary or a change note is shown as text on the home, the
versions page, the comparison and the revert page: never run, never parsed as markup."""

from tests.author.editor import open_editor, publish, save, trainer

PAYLOAD = "<script>alert('x')</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _clean(html):
    assert "<script>alert" not in html and "<img src=x" not in html
    return html


def test_payloads_are_escaped_on_every_authoring_page(app, authoring):
    kato = trainer(app)
    kato.post("/author/new", data={"slug": "brand-new", "title": PAYLOAD})
    state = open_editor(kato, "sample")
    saved = save(kato, "sample", state, "module", {"title": "題" + PAYLOAD, "summary": PAYLOAD})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert publish(kato, "sample", saved.get_json()["revision"]).status_code == 200
    kato.post("/author/modules/sample/versions/module/1/revert", data={"change_note": PAYLOAD})
    for path in (
        "/author/",
        "/author/modules/sample/versions",
        "/author/modules/sample/versions/compare?part=module&left=1&right=2",
        "/author/modules/sample/versions/module/2/revert",
    ):
        response = kato.get(path)
        assert response.status_code == 200, path
        assert ESCAPED in _clean(response.get_data(as_text=True)), path
