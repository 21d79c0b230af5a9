"""Steps the authoring tests share: a second published version of the sample module, made
as the editor makes it (save the draft, publish it)."""

from tests.author.editor import open_editor, publish, save

NEW_SUMMARY = "書き直した要約です。"


def publish_new_summary(client, summary=NEW_SUMMARY, slug="sample"):
    """Publish the module with another summary: its next version."""
    state = open_editor(client, slug)
    saved = save(client, slug, state, "module", {"summary": summary})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    published = publish(client, slug, saved.get_json()["revision"])
    assert published.status_code == 200, published.get_data(as_text=True)
    return published.get_json()
