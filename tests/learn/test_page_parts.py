"""Parts of pages rendered once per worker and reused (app/page_parts.py) never carry one
person's values to another: each page has its own session's CSRF token, which works; each
role sees its own menu on the same worker; each learner's current section and buttons are
their own; the language switch returns to the page it was pressed on."""

import re

import pytest

from tests.login import log_in

MODULE = "what-is-hikikomori"
TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture
def strict(make_app, app, curriculum):
    """An app that checks CSRF tokens, on the test's database with the curriculum."""
    return make_app(WTF_CSRF_ENABLED=True)


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _section_keys(html: str) -> list[str]:
    return re.findall(r'<section class="module-section[^"]*" id="([^"]+)"', html)


def test_each_learner_gets_their_own_csrf_token_and_it_works(strict, users):
    users("reader")
    users("neighbour")
    reader, neighbour = strict.test_client(), strict.test_client()
    log_in(reader, "reader")
    log_in(neighbour, "neighbour")

    pages = {
        name: _get(client, f"/modules/{MODULE}")
        for name, client in (("reader", reader), ("neighbour", neighbour))
    }
    tokens = {name: set(TOKEN.findall(html)) for name, html in pages.items()}
    # The menu (language switch, logout) and every section's button carry one token each.
    assert len(TOKEN.findall(pages["reader"])) >= len(_section_keys(pages["reader"])) + 2
    assert len(tokens["reader"]) == 1 and len(tokens["neighbour"]) == 1
    assert tokens["reader"] != tokens["neighbour"]
    assert "\x00" not in pages["reader"]  # no slot left unfilled

    key = _section_keys(pages["reader"])[0]
    read = f"/modules/{MODULE}/sections/{key}/read"
    # The neighbour's token is refused on the reader's session; the reader's own works.
    (theirs,), (mine,) = tokens["neighbour"], tokens["reader"]
    assert reader.post(read, data={"csrf_token": theirs}).status_code == 400
    assert reader.post(read, data={"csrf_token": mine}).status_code == 302
    assert "このセクションは読了です。" in _get(reader, f"/modules/{MODULE}")


def test_each_role_sees_its_own_menu_on_the_same_worker(app, client, curriculum, users):
    users("learner")
    users("coordinator", role="coordinator", audience=None)
    users("trainer", role="trainer", audience=None)
    menus = {}
    for _ in range(2):  # twice round: the second time every menu comes from what was kept
        for name in ("learner", "coordinator", "trainer"):
            log_in(client, name)
            page = _get(client, "/glossary")
            menus[name] = page[: page.index("<main")]
            client.post("/logout")
        login_page = _get(client, "/login")
        menus["anonymous"] = login_page[: login_page.index("<main")]

        assert "わたしの学習" in menus["learner"] and "報告" not in menus["learner"]
        assert "報告" in menus["coordinator"] and "わたしの学習" not in menus["coordinator"]
        assert "教材の編集" in menus["trainer"] and "報告" not in menus["trainer"]
        assert "教材の編集" not in menus["learner"] + menus["coordinator"]
        assert "ログアウト" not in menus["anonymous"] and "English" in menus["anonymous"]


def test_the_current_section_and_the_buttons_are_each_learners_own(app, curriculum, users):
    users("reader")
    users("newcomer")
    reader, newcomer = app.test_client(), app.test_client()
    log_in(reader, "reader")
    log_in(newcomer, "newcomer")
    keys = _section_keys(_get(newcomer, f"/modules/{MODULE}"))
    assert len(keys) >= 3
    assert reader.post(f"/modules/{MODULE}/sections/{keys[0]}/read").status_code == 302

    for _ in range(2):
        mine, theirs = _get(reader, f"/modules/{MODULE}"), _get(newcomer, f"/modules/{MODULE}")
        assert f'data-resume="{keys[1]}"' in mine and f'data-resume="{keys[0]}"' in theirs
        assert f'module-section--current" id="{keys[1]}"' in mine
        assert f'module-section--current" id="{keys[0]}"' in theirs
        assert mine.count("module-section--current") == theirs.count("module-section--current") == 1
        # A button under every section not read, and the "read" words under the one read.
        assert mine.count('class="button button--primary">読みました') == len(keys) - 1
        assert theirs.count('class="button button--primary">読みました') == len(keys)
        assert f'/sections/{keys[0]}/read"' not in mine
        assert mine.count('（<span aria-hidden="true">✓ </span>読了）') == 1
        assert "読了）" not in theirs


def test_the_language_switch_comes_back_to_the_page_it_was_pressed_on(app, client, users):
    users("reader")
    log_in(client, "reader")
    for path in ("/glossary", "/directory?q=%E6%96%B0%E5%AE%BF"):
        page = _get(client, path)
        assert f'name="next" value="{path}"' in page
