"""A real browser against a real server: Debian's Chromium driven by Playwright.

`make test` runs these when Chromium is installed and skips them, saying so, when it is not;
`.ci/run` installs it and sets YORISOI_BROWSER_TESTS=required, so there they never skip.
Playwright never downloads a browser of its own here: `executable_path` names Debian's.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from app.seed.demo import ensure_demo_accounts, ensure_demo_windows
from app.services.authoring.library_import import import_library

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
REQUIRED = os.environ.get("YORISOI_BROWSER_TESTS") == "required"
SCREENSHOTS = Path(__file__).parents[1] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if REQUIRED:
        raise pytest.UsageError("YORISOI_BROWSER_TESTS=required but Chromium is not installed")
    skip = pytest.mark.skip(
        reason="Chromium is not installed (apt-get install -y chromium fonts-ipafont-gothic): "
        "browser tests skipped"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def live_server(app, curriculum):
    """The app served over HTTP on a free port, with the curriculum, the demo accounts and the
    demo's example consultation windows."""
    with app.app_context():
        ensure_demo_accounts()
        ensure_demo_windows()
        import_library(curriculum)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="ja-JP",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Saved for a reviewer to open: tests/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
