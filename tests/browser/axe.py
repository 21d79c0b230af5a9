"""axe-core (bundled by axe-playwright-python) on a page, for WCAG 2.1 A and AA."""

from axe_playwright_python.sync_playwright import Axe

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()


def assert_accessible(page) -> None:
    results = _axe.run(page, options=RULES)
    violations = results.response["violations"]
    summary = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in violations
    ]
    assert violations == [], f"{page.url}\n" + "\n".join(summary)


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"
