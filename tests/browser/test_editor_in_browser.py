"""The trainer's editors in a real browser: axe finds nothing on them (desktop and phone),
the preview follows what is typed, the draft saves itself and says when, and a save refused
because a colleague saved first shows their changes while keeping this trainer's text."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import log_in_browser

SLUG = "what-is-hikikomori"
EDIT = f"/author/modules/{SLUG}/edit"
QUIZ = f"/author/modules/{SLUG}/quiz/edit"
SAVED = re.compile(r"\d\d:\d\d に .+ さんが下書きを保存しました。")


@pytest.mark.parametrize("device", ["page", "phone"])
def test_the_editors_are_accessible_and_readable(request, live_server, device):
    page = request.getfixturevalue(device)
    log_in_browser(page, live_server, "trainer")
    for name, path in (("module-editor", EDIT), ("quiz-editor", QUIZ)):
        page.goto(live_server + path)
        assert_accessible(page)
        assert_no_sideways_scroll(page)
        screenshot(page, f"{device}-{name}")
    page.goto(live_server + f"/author/modules/{SLUG}/publish/review")
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_the_preview_follows_typing_and_the_draft_saves_itself(page, live_server):
    log_in_browser(page, live_server, "trainer")
    page.goto(live_server + EDIT)
    # On a desk the learner's preview stands beside the form, so typing and watching go
    # together (a stylesheet whose rules were all caught in a phone's media query did not).
    form, shown = (
        page.locator("#editor-form").bounding_box(),
        page.locator("#preview").bounding_box(),
    )
    assert form and shown and shown["x"] >= form["x"] + form["width"], (form, shown)
    body = page.get_by_label("本文（Markdown）")
    body.press("End")
    body.press("Control+End")
    body.type("\n\n## ブラウザで足した節\n\nいま打った文です。")
    preview = page.locator("#preview-body")
    expect(preview.get_by_role("heading", name="ブラウザで足した節")).to_be_visible()
    expect(preview.get_by_text("いま打った文です。")).to_be_visible()
    expect(page.locator("#save-status")).to_have_text(SAVED)
    # A problem typed appears beside its field once saved.
    page.get_by_label("読む時間（分）").fill("たくさん")
    expect(page.locator("#minutes-error")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "page-module-editor-typed")
    # Nothing is lost on the way: the page opened again holds what was typed.
    page.reload()
    expect(page.get_by_label("本文（Markdown）")).to_have_value(re.compile("いま打った文です。"))


def test_the_quiz_preview_follows_a_saved_change(page, live_server):
    log_in_browser(page, live_server, "trainer")
    page.goto(live_server + QUIZ)
    prompt = page.locator("#questions-0-prompt")
    prompt.fill("ブラウザで直した問題文です。")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    first = page.locator("#preview-body legend").first
    expect(first).to_contain_text("ブラウザで直した問題文です。")


def test_a_stale_autosave_shows_their_changes_and_keeps_mine(browser, page, live_server):
    log_in_browser(page, live_server, "trainer")
    page.goto(live_server + EDIT)
    # A colleague (the admin may author too) changes the title and saves first.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    colleague = other.new_page()
    log_in_browser(colleague, live_server, "admin")
    colleague.goto(live_server + EDIT)
    colleague.get_by_label("題名", exact=True).fill("同僚が直した題名")
    colleague.get_by_role("button", name="下書きを保存").click()
    colleague.wait_for_load_state()
    other.close()

    summary = page.get_by_label("概要", exact=True)
    summary.fill("わたしが書いた概要です。")
    notice = page.locator("#stale-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("ほかの人が先にこの下書きを保存しました")
    expect(notice.locator("tr.diff-row--changed").first).to_contain_text("同僚が直した題名")
    expect(summary).to_have_value("わたしが書いた概要です。")  # mine is still here
    assert_accessible(page)
    screenshot(page, "page-module-editor-stale")

    notice.get_by_role("button", name="自分の内容で上書きして保存").click()
    page.wait_for_url(f"**{EDIT}")
    expect(page.get_by_label("概要", exact=True)).to_have_value("わたしが書いた概要です。")
    expect(page.locator(".notice--success")).to_be_visible()
