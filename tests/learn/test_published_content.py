"""Module HTML is final when it is stored; pages read the published curriculum with a small,
fixed number of queries; a version published through one worker is what every worker shows."""

import dataclasses
import re

import pytest

from app.content.documents import GlossaryTerm as GlossaryDoc
from app.extensions import db
from app.services.authoring.library_import import import_library
from tests.query_counter import count_queries

MODULE = "what-is-hikikomori"


def _publish(app, library):
    with app.app_context():
        report = import_library(library)
        db.session.commit()
    return report


def _with_new_term(library, term: str, key: str):
    extra = GlossaryDoc(
        key=key, term=term, reading="", definition="試験用の定義です。", source="G 2"
    )
    return dataclasses.replace(library, glossary=(*library.glossary, extra))


def _with_new_title(library, slug: str, title: str):
    modules = tuple(
        dataclasses.replace(m, title=title, content_hash=m.content_hash[::-1])
        if m.slug == slug
        else m
        for m in library.modules
    )
    return dataclasses.replace(library, modules=modules)


def _page(client, slug=MODULE) -> str:
    response = client.get(f"/modules/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _linked(html: str) -> set[str]:
    return set(re.findall(r'class="term" href="/glossary#([^"]+)"', html))


def test_the_page_shows_the_links_made_when_the_version_was_stored(
    app, client, auth, curriculum, users, monkeypatch
):
    users("reader")
    auth.login("reader")
    before = _prose(_page(client))
    assert _linked(before)
    # Nothing links glossary terms while a learner reads: the page is the same without it.
    import app.content.glossary_links as glossary_links

    def refuse(*_args, **_kwargs):
        raise AssertionError("glossary linking ran during a request")

    monkeypatch.setattr(glossary_links, "link_terms", refuse)
    monkeypatch.setattr("app.services.authoring.learner_html.link_terms", refuse)
    assert _prose(_page(client)) == before


def _prose(html: str) -> str:
    return "".join(re.findall(r'<div class="prose">.*?</div>', html, re.S))


def test_a_changed_glossary_relinks_the_current_versions(
    app, client, auth, curriculum, curriculum_library, users
):
    users("reader")
    auth.login("reader")
    # 相談窓口 appears in the module's text and is not a glossary term yet.
    assert "相談窓口" in _prose(_page(client))
    assert "trial-term" not in _linked(_page(client))

    report = _publish(app, _with_new_term(curriculum_library, "相談窓口", "trial-term"))

    assert report.new_versions == []  # no module changed: the same versions, linked anew
    assert "trial-term" in _linked(_page(client))


def test_a_version_published_through_one_worker_is_shown_by_every_worker(
    app, make_app, curriculum, curriculum_library, users
):
    users("reader")
    # Two apps on one database stand for two gunicorn workers: they share only the database.
    first, second = app.test_client(), make_app().test_client()
    for client in (first, second):
        from tests.login import log_in

        log_in(client, "reader")
        assert "ひきこもりとは何か" in _page(client)  # each worker has cached the curriculum

    _publish(make_app(), _with_new_title(curriculum_library, MODULE, "改訂版のタイトル"))

    for client in (first, second):
        assert "改訂版のタイトル" in _page(client)
        assert "改訂版のタイトル" in client.get("/modules").get_data(as_text=True)


PAGES = {
    # page: the queries it sends. The logged-in user with the content revision (one query),
    # then: progress (reads and attempts, completions); + due dates; + the open attempt, the
    # last submitted one and the attempts used (the re-certification rule is cached with the
    # content).
    f"/modules/{MODULE}": 3,
    "/modules": 5,
    f"/modules/{MODULE}/quiz": 6,
}


@pytest.mark.parametrize("path", PAGES)
def test_a_learner_page_costs_a_small_fixed_number_of_queries(
    app, client, auth, curriculum, users, path
):
    users("reader")
    auth.login("reader")
    assert client.get(path).status_code == 200  # opens the attempt, fills the cache
    counts = []
    for _ in range(2):
        with app.app_context(), count_queries(db.engine) as counter:
            assert client.get(path).status_code == 200
        counts.append(counter["n"])
    # Reading a module first must not change it (progress is a fixed set of queries).
    client.post(f"/modules/{MODULE}/sections/{_first_section(client)}/read")
    with app.app_context(), count_queries(db.engine) as counter:
        assert client.get(path).status_code == 200
    counts.append(counter["n"])
    assert max(counts) <= PAGES[path], counts
    assert len(set(counts)) == 1, counts


def _first_section(client) -> str:
    found = re.search(rf'action="/modules/{MODULE}/sections/([^/"]+)/read"', _page(client))
    assert found
    return found.group(1)
