"""Coordinators, trainers and admins in a real browser, and axe on every page each one reaches."""

import re

import pytest

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import log_in_browser
from tests.security.test_authorization_matrix import MATRIX

NOT_HTML = (
    "static",
    "public.healthz",
    "reports.completion_csv",
    "reports.completion_xlsx",
    "reports.xapi",
    "learn.certificate_pdf",
    "api.completion",
    # The authoring endpoints answer JSON (and a GIFT file) for the editor's pages.
    "author.draft",
    "author.module_history",
    "author.compare",
    "author.quiz_gift",
    "api.openapi",
)


def test_a_coordinator_filters_and_exports(page, live_server):
    log_in_browser(page, live_server, "coordinator")
    page.wait_for_url("**/reports")
    assert_accessible(page)
    screenshot(page, "desktop-08-report")
    page.get_by_label("対象", exact=True).select_option("commissioner")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r".*audience=commissioner.*"))
    assert page.get_by_text("条件に合う受講者：1人").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel用にダウンロード（.xlsx）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert "新宿区" in download.value.suggested_filename
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVをダウンロード").click()
    with open(download.value.path(), "rb") as handle:
        body = handle.read()
    assert body.startswith(b"\xef\xbb\xbf") and b"commissioner" in body
    assert b"center," not in body  # the filter holds in the export


@pytest.mark.parametrize("username", ["commissioner", "trainer", "coordinator", "admin"])
def test_axe_finds_nothing_on_any_page_a_role_reaches(browser, live_server, username):
    role = username
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    log_in_browser(page, live_server, username)
    visited = 0
    for endpoint, (template, expected) in MATRIX.items():
        if endpoint in NOT_HTML or expected.get(role) != 200 or "{" in template:
            continue
        response = page.goto(live_server + template)
        assert response.status == 200, template
        assert_accessible(page)
        visited += 1
    context.close()
    assert visited >= 6


def test_staff_pages_fit_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ja-JP")
    page = context.new_page()
    log_in_browser(page, live_server, "admin")
    for path in (
        "/reports",
        "/admin",
        "/admin/users",
        "/admin/organisations",
        "/author/statistics",
    ):
        page.goto(live_server + path)
        assert_no_sideways_scroll(page)
        screenshot(page, f"phone-{path.strip('/').replace('/', '-')}")
    context.close()
