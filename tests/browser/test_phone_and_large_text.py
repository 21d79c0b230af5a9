"""Phones (360 px), a desktop (1280 px) and 200 % zoom, in a real browser: the folded menu,
tables that scroll sideways, questions inside their cards, the universal-design font, the
back button after a quiz, and the learner pages of issue 12 — each with axe and screenshots."""

import re
import shutil
import subprocess

import pytest

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.login import log_in_browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ZOOM_200 = {"width": 640, "height": 450}  # 1280 × 900 at 200 %
TABLE_MODULE = "facts-and-policy"  # module 2: a three-column table of the 2020 survey


@pytest.fixture
def open_context(browser):
    contexts = []

    def make(viewport, **options):
        context = browser.new_context(viewport=viewport, locale="ja-JP", **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _box(locator):
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def test_on_a_phone_the_menu_folds_into_one_row_and_opens_without_javascript(
    open_context, live_server
):
    for javascript in (True, False):
        page = open_context(PHONE, java_script_enabled=javascript)
        log_in_browser(page, live_server, "commissioner")
        page.goto(live_server + "/modules")
        header = _box(page.locator(".site-header"))
        assert header["height"] < 100, f"the header is {header['height']}px high"
        button = page.locator("summary.site-menu__button")
        assert button.is_visible() and button.text_content().strip() == "メニュー"
        assert not page.get_by_role("link", name="用語集").is_visible()
        assert_no_sideways_scroll(page)
        if javascript:
            assert_accessible(page)
            screenshot(page, "phone-menu-closed")

        button.click()
        for name in ("わたしの学習", "修了証", "用語集", "相談先", "マイアカウント"):
            assert page.get_by_role("link", name=name, exact=True).is_visible(), name
        assert page.get_by_role("button", name="ログアウト").is_visible()
        if javascript:
            assert_accessible(page)
            screenshot(page, "phone-menu-open")
        page.get_by_role("link", name="用語集", exact=True).click()
        page.wait_for_url("**/glossary")


def test_the_menu_works_by_keyboard_at_200_percent_zoom(open_context, live_server):
    page = open_context(ZOOM_200)
    log_in_browser(page, live_server, "commissioner")
    page.goto(live_server + "/modules")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-menu__button"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    assert page.locator("details.site-menu").evaluate("el => el.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "わたしの学習"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/certificates")
    assert_no_sideways_scroll(page)
    screenshot(page, "zoom200-certificates")


def test_on_a_desktop_the_menu_is_one_row_of_links(open_context, live_server):
    page = open_context(DESKTOP)
    log_in_browser(page, live_server, "commissioner")
    page.goto(live_server + "/modules")
    assert not page.locator("summary.site-menu__button").is_visible()
    links = page.locator(".site-nav--wide li")
    tops = [_box(links.nth(i))["y"] for i in range(links.count())]
    assert max(tops) - min(tops) < 20, f"the menu wraps: items at {sorted(tops)}"
    assert page.get_by_role("button", name="ログアウト").count() == 1
    screenshot(page, "desktop-menu")


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_wide_table_scrolls_sideways_in_its_own_box(open_context, live_server, name, viewport):
    page = open_context(viewport)
    log_in_browser(page, live_server, "commissioner")
    page.goto(live_server + f"/modules/{TABLE_MODULE}")
    box = page.locator(".prose .table-scroll").first
    box.scroll_into_view_if_needed()
    first_column = box.locator("th").first
    em = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose td')).fontSize)")
    assert _box(first_column)["width"] >= 5 * em, "the first column keeps several characters"
    assert_no_sideways_scroll(page)
    overflow = box.evaluate("el => el.scrollWidth - el.clientWidth")
    if name == "phone":
        assert overflow > 0, "the table is wider than the phone and scrolls in its box"
        assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
        box.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        # The arrow keys scroll it (smoothly: wait for it).
        page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle(), timeout=3000)
    else:
        assert overflow <= 1, "on a desktop the table fits"
    assert_accessible(page)
    screenshot(page, f"{name}-module-table")
    box.screenshot(path=str(SCREENSHOTS / f"{name}-module-table-box.png"))


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_each_question_sits_inside_its_card(open_context, live_server, curriculum, name, viewport):
    page = open_context(viewport)
    log_in_browser(page, live_server, "commissioner")
    page.goto(live_server + f"/modules/{curriculum.modules[0].slug}/quiz")
    questions = page.locator("fieldset.question")
    assert questions.count() >= 5
    for i in range(questions.count()):
        card = _box(questions.nth(i))
        legend = _box(questions.nth(i).locator("legend"))
        assert legend["y"] >= card["y"] + 8, f"question {i + 1} runs into the card's top border"
        assert legend["x"] >= card["x"] + 8
    assert_accessible(page)
    screenshot(page, f"{name}-quiz-top")


def test_the_text_is_set_in_biz_udpgothic_first(page, live_server):
    page.goto(live_server + "/login")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"BIZ UDPGothic"'), family
    assert family.index("Hiragino") < family.index("Yu Gothic") < family.index("Meiryo")
    installed = (
        shutil.which("fc-list")
        and "BIZ UDPGothic"
        in subprocess.run(
            ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False
        ).stdout
    )
    if installed:  # CI installs fonts-morisawa-bizud-gothic: the page is drawn in it
        client = page.context.new_cdp_session(page)
        client.send("DOM.enable")
        client.send("CSS.enable")
        root = client.send("DOM.getDocument")["root"]["nodeId"]
        heading = client.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})
        fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": heading["nodeId"]})
        assert fonts["fonts"][0]["familyName"] == "BIZ UDPGothic", fonts


def _answer(page, quiz, right=True):
    for question in quiz.questions:
        indexes = (
            sorted(question.correct_indexes)
            if right
            else [next(i for i, o in enumerate(question.options) if not o.correct)]
        )
        for index in indexes:
            page.locator(f"#q-{question.key}-{index}").check()


def test_the_back_button_after_a_quiz_gives_a_fresh_attempt_and_says_so(
    open_context, live_server, curriculum
):
    module = curriculum.modules[0]
    quiz = curriculum.quiz_for(module.slug)
    page = open_context(PHONE)
    log_in_browser(page, live_server, "counselor")
    page.goto(live_server + f"/modules/{module.slug}/quiz")
    first = page.locator('input[name="attempt"]').get_attribute("value")
    _answer(page, quiz, right=False)
    page.get_by_role("button", name="答えを送信する").click()
    page.wait_for_url("**/quiz/attempts/*")
    assert page.get_by_text("まだ合格ではありません").is_visible()

    page.go_back()
    page.wait_for_url(f"**/modules/{module.slug}/quiz")
    assert page.locator('input[name="attempt"]').get_attribute("value") != first
    assert page.locator("#fresh-attempt").is_visible()
    assert "これは新しい挑戦（2回目）です。" in page.locator("#fresh-attempt").text_content()
    assert page.locator("fieldset.question input:checked").count() == 0, "nothing is ticked"
    assert_accessible(page)
    screenshot(page, "phone-quiz-after-back")

    # Back once more to the result, then forward: still the fresh attempt, nothing ticked.
    page.go_back()
    page.go_forward()
    page.wait_for_url(f"**/modules/{module.slug}/quiz")
    assert page.locator("fieldset.question input:checked").count() == 0


def test_a_failed_retake_after_a_pass_in_the_browser(open_context, live_server, curriculum):
    module = curriculum.modules[0]
    quiz = curriculum.quiz_for(module.slug)
    page = open_context(PHONE)
    log_in_browser(page, live_server, "center")
    page.goto(live_server + f"/modules/{module.slug}")
    for section in module.sections:
        with page.expect_navigation():
            page.locator(f"section#{section.key} button", has_text="読みました").click()
    _answer(page, quiz, right=True)
    page.get_by_role("button", name="答えを送信する").click()
    page.wait_for_url("**/quiz/attempts/*")
    page.get_by_role("link", name="確認テストにもう一度挑戦する").click()
    page.wait_for_url(f"**/modules/{module.slug}/quiz")
    assert page.get_by_text("もう一度挑戦しても、修了はそのままです。").is_visible()
    _answer(page, quiz, right=False)
    page.get_by_role("button", name="答えを送信する").click()
    page.wait_for_url("**/quiz/attempts/*")
    assert page.get_by_text("今回の得点：0%").is_visible()
    assert page.get_by_text("この単元は修了したままです。").is_visible()
    assert page.get_by_text("最高得点").is_visible()
    assert page.get_by_role("link", name="もう一度挑戦する", exact=True).is_visible()
    assert page.get_by_role("link", name="修了証をダウンロード（PDF）").is_visible()
    assert_accessible(page)
    screenshot(page, "phone-result-retake")


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_glossary_the_directory_and_the_verify_page(open_context, live_server, name, viewport):
    page = open_context(viewport)
    log_in_browser(page, live_server, "commissioner")
    page.goto(live_server + "/glossary")
    index = page.get_by_role("navigation", name="索引（五十音順）")
    index.get_by_role("link", name="は行").click()
    assert page.url.endswith("#kana-6")
    assert page.get_by_role("heading", name="は行").is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"{name}-glossary-index")

    page.goto(live_server + "/directory")
    examples = page.locator("h3", has_text="【例】")
    assert examples.count() == 4
    assert page.get_by_text("デモ用の架空の窓口です。").first.is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"{name}-directory-examples")

    page.context.clear_cookies()
    page.goto(live_server + "/verify")
    page.get_by_role("button", name="確かめる").click()
    assert page.get_by_text("確認番号を入力してください。").first.is_visible()
    assert_accessible(page)
    page.get_by_label("確認番号").fill("nosuch-code")
    page.get_by_role("button", name="確かめる").click()
    page.wait_for_url(re.compile(r".*/verify/NOSUCHCODE$"))
    assert page.get_by_text("この番号の修了証はありません").is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"{name}-verify-form")
