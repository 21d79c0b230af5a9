"""What pages keep between requests stays right: the progress queries built once per content
revision follow a re-certification published through another worker at once; one learner's
progress never shows on another's page; Japanese and English pages never mix, although
templates look the catalogue up once a request."""

import re

import sqlalchemy as sa
from flask import render_template_string
from flask_babel import force_locale, refresh

from app.extensions import db
from app.models import Module
from app.services.learning.recertification import require_recertification
from tests.learn.test_published_content import _publish, _with_new_title
from tests.login import log_in

MODULE = "what-is-hikikomori"
READ_JA = "このセクションは読了です。"
READ_EN = "You have read this section."


def _page(client) -> str:
    response = client.get(f"/modules/{MODULE}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _first_section(client) -> str:
    found = re.search(rf'action="/modules/{MODULE}/sections/([^/"]+)/read"', _page(client))
    assert found
    return found.group(1)


def _read_first_section(client) -> str:
    key = _first_section(client)
    assert client.post(f"/modules/{MODULE}/sections/{key}/read").status_code == 302
    return key


def _read_marks(html: str) -> int:
    return html.count(READ_JA) + html.count(READ_EN)


def test_the_japanese_text_of_a_read_section_is_what_these_tests_look_for(
    app, client, curriculum, users
):
    users("reader")
    log_in(client, "reader")
    assert _read_marks(_page(client)) == 0
    _read_first_section(client)
    assert _page(client).count(READ_JA) == 1


def test_a_recertification_published_through_another_worker_counts_at_once(
    app, make_app, curriculum, curriculum_library, users
):
    users("reader")
    first = app.test_client()  # one worker, whose progress queries are built and kept
    log_in(first, "reader")
    _read_first_section(first)
    assert _read_marks(_page(first)) == 1

    # Another worker publishes a new version and asks learners to read it again: a reading
    # of the older version no longer counts, on every worker, from the next request on.
    other = make_app()
    _publish(other, _with_new_title(curriculum_library, MODULE, "改訂版のタイトル"))
    with other.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == MODULE))
        assert module is not None
        require_recertification(module.version, "読み直してください。")
        db.session.commit()

    page = _page(first)
    assert "改訂版のタイトル" in page
    assert _read_marks(page) == 0


def test_one_learners_progress_never_shows_on_anothers_page(app, curriculum, users):
    users("reader")
    users("neighbour")
    reader, neighbour = app.test_client(), app.test_client()
    log_in(reader, "reader")
    log_in(neighbour, "neighbour")
    assert _read_marks(_page(neighbour)) == 0  # the queries are built and kept

    _read_first_section(reader)

    assert _read_marks(_page(reader)) == 1
    page = _page(neighbour)
    assert "ひきこもりとは何か" in page  # the page answered, with the module
    assert _read_marks(page) == 0
    assert "neighbour さん" not in _page(reader)


def test_japanese_and_english_pages_never_mix(app, curriculum, users):
    users("reader")
    users("visitor")
    japanese, english = app.test_client(), app.test_client()
    log_in(japanese, "reader")
    log_in(english, "visitor")
    english.post("/language", data={"lang": "en", "next": "/modules"})
    for client in (japanese, english):
        _read_first_section(client)
    for _ in range(3):  # one after the other, on the same app: each keeps its language
        ja_page, en_page = _page(japanese), _page(english)
        assert READ_JA in ja_page and "I have read this" not in ja_page
        assert READ_EN in en_page and "読みました" not in en_page


def test_a_language_forced_or_refreshed_in_a_request_is_the_language_templates_speak(app):
    template = "{{ _('I have read this') }}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "読みました"
        with force_locale("en"):
            assert render_template_string(template) == "I have read this"
        assert render_template_string(template) == "読みました"
    with app.test_request_context("/"):
        from flask import session

        assert render_template_string(template) == "読みました"
        session["lang"] = "en"
        assert render_template_string(template) == "読みました"  # chosen once a request…
        refresh()
        assert render_template_string(template) == "I have read this"  # …unless refreshed
