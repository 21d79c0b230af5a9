"""The reports page in a real browser at 360 px and 1280 px (issue 12): the people per
audience, the weeks chart beside its table, and a matrix whose words and dates stay whole —
a table with the names kept in view on a computer, one card per learner on a phone."""

import re

import pytest

from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import DEMO_PASSWORD, log_in, log_in_browser

# Elements whose text must never break inside: a state, a half of a date, a heading number.
WHOLE = ".status, .date .nowrap, .report-table--matrix thead th > span[aria-hidden]"
# The texts laid out on more than one line (their text boxes start at different heights).
BROKEN = """(selector) => [...document.querySelectorAll(selector)]
    .filter((el) => {
        if (el.offsetParent === null) return false;
        const range = document.createRange();
        range.selectNodeContents(el);
        const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
        return tops.length > 0 && Math.max(...tops) - Math.min(...tops) > 8;
    })
    .map((el) => el.textContent)"""


@pytest.fixture
def shinjuku(app, live_server, runner):
    """Synthetic learners with realistic progress over the past months; 新宿区 gets its share
    beside the three demo learners, and its coordinator has given the third module a due
    date that has passed."""
    result = runner.invoke(args=["demo", "populate", "--learners", "900", "--seed", "12"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    log_in(client, "coordinator", DEMO_PASSWORD)
    form = client.get("/reports/due-dates").get_data(as_text=True)
    third = re.search(r'<option value="(\d+)">3\. ', form).group(1)
    saved = client.post(
        "/reports/due-dates", data={"module": third, "audience": "all", "due_date": "2026-01-05"}
    )
    assert saved.status_code == 302
    return live_server


def _people_rows(page):
    table = page.get_by_role("table", name="対象ごとの受講者の人数（一人を一回だけ数えます）")
    return table.locator("tbody tr")


def test_the_report_reads_well_on_a_computer(page, shinjuku):
    log_in_browser(page, shinjuku, "coordinator")
    page.goto(shinjuku + "/reports")
    assert_accessible(page)
    screenshot(page, "desktop-reports-1280")

    total = int(re.search(r"受講者 (\d+)人", page.locator(".lead").inner_text()).group(1))
    people = [
        int(row.locator("td").first.inner_text().rstrip("人")) for row in _people_rows(page).all()
    ]
    assert sum(people) == total > 3

    # The weeks: a chart with its table beside it, twelve weeks and a total.
    chart = page.locator("figure.chart--weeks")
    weeks = page.get_by_role("table", name="週ごとの修了した単元の数")
    assert chart.get_by_role("img").is_visible()
    assert weeks.locator("tbody tr").count() == 12
    assert weeks.locator("tbody tr").last.inner_text().find("（今週）") > 0
    chart_box, table_box = chart.bounding_box(), weeks.bounding_box()
    assert table_box["x"] >= chart_box["x"] + chart_box["width"] - 1, "the table is beside it"

    # The matrix: short headings, whole words, one date in 和暦, names kept in view.
    matrix = page.get_by_role("table", name="受講者ごとの単元の状況")
    assert matrix.is_visible() and not page.locator(".learner-cards").is_visible()
    heading = matrix.locator("thead th").nth(1)
    assert heading.get_attribute("title").startswith("1. ")
    assert page.evaluate(BROKEN, WHOLE) == []
    text = matrix.inner_text()
    assert "令和" in text and not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "期限切れ" in text and "期限 令和8年1月5日" in text
    region = page.get_by_role("region", name="受講者ごとの単元の状況")
    name = matrix.locator("tbody th").first
    before = name.bounding_box()["x"]
    region.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    assert region.evaluate("(el) => el.scrollLeft") > 0, "the wide table scrolls in its region"
    assert abs(name.bounding_box()["x"] - before) < 1, "the names stay on the left"
    region.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(_path("desktop-reports-1280-matrix-scrolled")))


def test_the_report_reads_well_on_a_phone(phone, shinjuku):
    log_in_browser(phone, shinjuku, "coordinator")
    phone.goto(shinjuku + "/reports")
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)

    # One card per learner instead of the table; a card opens onto its modules, whole words.
    assert not phone.locator(".matrix").is_visible()
    cards = phone.locator(".learner-card")
    assert cards.count() > 3 and cards.first.is_visible()
    # someone who has completed something and is late with something else
    first = cards.filter(has_text=re.compile(r"中 [1-9]単元を修了 · 期限切れ")).first
    first.get_by_text("単元ごとの状況").click()
    modules = first.locator(".learner-card__modules li")
    assert modules.count() > 5 and modules.first.is_visible()
    assert modules.first.bounding_box()["width"] > 250
    assert phone.evaluate(BROKEN, WHOLE) == []
    assert not re.search(r"\d{4}-\d{2}-\d{2}", first.inner_text())
    assert_accessible(phone)
    assert_no_sideways_scroll(phone)

    # The summaries' headings stay whole too; their tables scroll sideways in their region.
    headings = "table.report-table--sticky:not(.report-table--matrix) thead th:not(:last-child)"
    assert phone.locator(headings).count() > 10
    assert phone.evaluate(BROKEN, headings) == []

    # The weeks' table comes below its chart.
    chart = phone.locator("figure.chart--weeks").bounding_box()
    table = phone.get_by_role("table", name="週ごとの修了した単元の数").bounding_box()
    assert table["y"] >= chart["y"] + chart["height"] - 1
    screenshot(phone, "phone-reports-360")
    first.scroll_into_view_if_needed()
    phone.screenshot(path=str(_path("phone-reports-360-card")))


def _path(name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
