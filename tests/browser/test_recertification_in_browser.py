"""An expired module in a real browser: the notices are accessible and fit a phone."""

import re

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.learn.new_versions import CHANGE_NOTE, FIXTURE, publish_marked_sample
from tests.login import DEMO_PASSWORD, log_in, log_in_browser
from tests.reports.learner_actions import complete_sample


def test_an_expired_module_is_explained_accessibly_on_every_page(
    app, browser, live_server, runner, tmp_path
):
    assert runner.invoke(args=["content", "load", "--root", str(FIXTURE)]).exit_code == 0
    client = app.test_client()
    log_in(client, "commissioner", DEMO_PASSWORD)
    complete_sample(client)
    certificates = client.get("/certificates").get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9]+)</code>", certificates).group(1)
    publish_marked_sample(app, runner, tmp_path)

    for name, viewport in (
        ("desktop", {"width": 1280, "height": 900}),
        ("phone", {"width": 360, "height": 740}),
    ):
        context = browser.new_context(viewport=viewport, locale="ja-JP")
        page = context.new_page()
        log_in_browser(page, live_server, "commissioner")
        for label, path in (
            ("modules", "/modules"),
            ("module", "/modules/sample"),
            ("certificates", "/certificates"),
            ("verify", f"/verify/{code}"),
        ):
            page.goto(live_server + path)
            if label.startswith("module"):
                assert page.get_by_text(CHANGE_NOTE).first.is_visible(), path
            assert page.get_by_text(re.compile("期限切れ|もう一度受講")).first.is_visible(), path
            assert_accessible(page)
            assert_no_sideways_scroll(page)
            screenshot(page, f"{name}-expired-{label}")
        context.close()
