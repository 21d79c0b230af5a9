"""What a trainer's editor page sends, as test-client calls on the /author endpoints.

The editor shows a draft's fields (GET …/draft) and posts them back with the revision it
was showing (POST …/draft/save), as the page and its autosave script do.
"""

from tests.login import log_in


def open_editor(client, slug):
    """The draft as the editor shows it: fields, revision, problems."""
    response = client.get(f"/author/modules/{slug}/draft")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def save(client, slug, state, part, changes=None, *, autosave=False, action=None):
    """Post the editor's `part` ('module' or 'quiz') with `changes` made to its fields,
    based on the revision `state` (open_editor's answer) was showing."""
    data = {**state[part], **(changes or {})}
    data.update(part=part, revision=str(state["revision"]))
    if state.get("draft"):
        data["draft"] = str(state["draft"])
    if autosave:
        data["autosave"] = "1"
    if action:
        data["action"] = action
    return client.post(f"/author/modules/{slug}/draft/save", data=data)


def publish(client, slug, revision, **form):
    return client.post(f"/author/modules/{slug}/publish", data={"revision": str(revision), **form})


def trainer(app, username="kato"):
    client = app.test_client()
    log_in(client, username)
    return client
