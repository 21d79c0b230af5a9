"""A welfare commissioner, in a real browser: login, read, quiz, completion."""

from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import log_in_browser


def _answer_correctly(page, quiz):
    for question in quiz.questions:
        for index in sorted(question.correct_indexes):
            page.locator(f"#q-{question.key}-{index}").check()


def test_a_commissioner_learns_a_module_from_login_to_completion(page, live_server, curriculum):
    base = live_server
    page.goto(base + "/login")
    assert_accessible(page)
    screenshot(page, "desktop-01-login")
    log_in_browser(page, base, "commissioner")
    page.wait_for_url(base + "/modules")
    assert_accessible(page)
    screenshot(page, "desktop-02-curriculum")

    module = curriculum.modules[0]
    page.get_by_role("link", name=module.title, exact=True).first.click()
    assert_accessible(page)
    screenshot(page, "desktop-03-module")
    for section in module.sections:
        with page.expect_navigation():  # the POST, then its redirect
            page.locator(f"section#{section.key} button", has_text="読みました").click()
    page.wait_for_url(f"**/modules/{module.slug}/quiz")
    assert_accessible(page)
    screenshot(page, "desktop-04-quiz")

    # An unanswered quiz is refused, and the refusal is announced and linked.
    page.get_by_role("button", name="答えを送信する").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # once the refused page is back and its script has run
    assert summary.get_attribute("role") == "alert"
    assert_accessible(page)

    _answer_correctly(page, curriculum.quiz_for(module.slug))
    page.get_by_role("button", name="答えを送信する").click()
    page.wait_for_url("**/quiz/attempts/*")
    assert page.get_by_text("合格です").is_visible()
    assert page.get_by_text("この単元を修了しました").is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-05-result")

    # The certificate is there at once, and anyone can check it without logging in.
    link = page.get_by_role("link", name="修了証をダウンロード（PDF）")
    pdf = page.request.get(base + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    code = link.get_attribute("href").rsplit("/", 1)[1].removesuffix(".pdf")
    page.get_by_role("link", name="修了証", exact=True).click()
    assert_accessible(page)
    screenshot(page, "desktop-06-certificates")
    page.context.clear_cookies()
    page.goto(base + f"/verify/{code}")
    assert page.get_by_text("この修了証は本物です").is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-07-verify")


def test_the_learner_pages_fit_a_phone_and_200_percent_zoom(browser, live_server, curriculum):
    module = curriculum.modules[0]
    for name, viewport in (
        ("phone", {"width": 360, "height": 740}),
        ("zoom200", {"width": 640, "height": 450}),
    ):
        context = browser.new_context(viewport=viewport, locale="ja-JP")
        page = context.new_page()
        log_in_browser(page, live_server, "commissioner")
        for path in (
            "/modules",
            f"/modules/{module.slug}",
            f"/modules/{module.slug}/quiz",
            "/glossary",
            "/directory",
        ):
            page.goto(live_server + path)
            assert_no_sideways_scroll(page)
            screenshot(page, f"{name}-{path.strip('/').replace('/', '-') or 'home'}")
        context.close()


def test_the_whole_journey_works_by_keyboard_alone(page, live_server, curriculum):
    base = live_server
    page.goto(base + "/login")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_label("ユーザー名").focus()
    page.keyboard.type("commissioner")
    page.keyboard.press("Tab")
    page.keyboard.type("yorisoi-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/modules")

    module = curriculum.modules[0]
    page.goto(base + f"/modules/{module.slug}")
    for section in module.sections:
        button = page.locator(f"section#{section.key} button")
        button.focus()
        outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none", "focus is visible"
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.wait_for_url(f"**/modules/{module.slug}/quiz")

    quiz = curriculum.quiz_for(module.slug)
    for question in quiz.questions:
        for index in sorted(question.correct_indexes):
            option = page.locator(f"#q-{question.key}-{index}")
            option.focus()
            page.keyboard.press("Space")
            assert option.is_checked()
    page.get_by_role("button", name="答えを送信する").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quiz/attempts/*")
    assert page.get_by_text("合格です").is_visible()


def test_modules_print_cleanly(page, live_server, curriculum):
    log_in_browser(page, live_server, "commissioner")
    module = curriculum.modules[0]
    page.goto(live_server + f"/modules/{module.slug}")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("form").first.is_visible()
    breaks = page.locator(".module-section").evaluate_all(
        "els => els.map(el => getComputedStyle(el).breakBefore)"
    )
    assert breaks[1:] and all(b == "page" for b in breaks[1:])
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_the_accessibility_check_can_fail(page):
    import pytest

    page.set_content('<html lang="ja"><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
