"""A matching question in a real browser: each prompt a labelled list, usable by keyboard,
accessible (axe), on a 360 px phone too, and its result pair by pair."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.content import load_library
from app.extensions import db
from app.services.authoring.library_import import import_library
from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import log_in_browser

FIXTURE = Path(__file__).parents[1] / "fixtures" / "content"
RIGHT = {
    "地域包括支援センター": "高齢の方と家族の総合的な相談",
    "生活困窮者自立相談支援機関": "暮らしやお金の困りごとの相談",
    "ひきこもり地域支援センター": "ひきこもりに特化した専門の相談",
}


@pytest.fixture
def with_matching(app, live_server):
    """The fixture module 'sample', whose quiz ends with a matching question, for everyone."""
    with app.app_context():
        import_library(load_library(FIXTURE))
        db.session.commit()
    return live_server


def _answer_the_rest(page):
    page.locator("#q-first-0").check()
    page.locator("#q-second-0").check()
    page.locator("#q-second-1").check()
    page.locator("#q-third-1").check()
    page.locator("#q-fourth-0").check()


@pytest.mark.parametrize("device", ["page", "phone"])
def test_a_learner_matches_each_prompt_by_its_label(request, with_matching, device):
    page = request.getfixturevalue(device)
    log_in_browser(page, with_matching, "commissioner")
    page.goto(with_matching + "/modules/sample/quiz")
    assert_accessible(page)
    assert_no_sideways_scroll(page)
    _answer_the_rest(page)
    first = page.get_by_label("地域包括支援センター", exact=True)
    first.focus()
    # By keyboard: the list opens on the placeholder, and arrow keys move through the choices
    # in their one order (ひきこもり…, 就職先…, 暮らし…, 高齢…).
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    assert first.input_value() == "3"
    for prompt, answer in list(RIGHT.items())[1:]:
        page.get_by_label(prompt, exact=True).select_option(label=answer)
    screenshot(page, f"{device}-matching-quiz")
    page.get_by_role("button", name="答えを送信する").click()
    page.wait_for_url("**/quiz/attempts/*")
    assert page.get_by_text("得点：100%").is_visible()
    for answer in RIGHT.values():
        assert page.get_by_text(f"あなたの答え：{answer}").is_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_a_pair_left_blank_is_announced_and_marked(page, with_matching):
    log_in_browser(page, with_matching, "commissioner")
    page.goto(with_matching + "/modules/sample/quiz")
    _answer_the_rest(page)
    page.get_by_label("地域包括支援センター", exact=True).select_option(
        label=RIGHT["地域包括支援センター"]
    )
    page.get_by_role("button", name="答えを送信する").click()
    summary = page.locator("#error-summary")
    # The page with the summary comes back, and its script moves the focus there: wait for it.
    expect(summary).to_be_focused()
    assert page.get_by_text("すべての項目で答えを選んでください。").is_visible()
    # What was chosen is still chosen.
    assert page.get_by_label("地域包括支援センター", exact=True).input_value() == "3"
    assert (
        page.get_by_label("生活困窮者自立相談支援機関", exact=True).get_attribute("aria-invalid")
        == "true"
    )
    assert_accessible(page)
