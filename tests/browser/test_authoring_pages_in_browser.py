"""A trainer's authoring pages in a real browser: the home, a new module, versions, the
side-by-side comparison, a revert and a GIFT import; axe on each, and screenshots at a
phone's 360 px and a desk's 1280 px for a person to look at (tests/screenshots/)."""

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Module, User
from app.services.authoring import drafts, publishing
from app.services.authoring.fields import read_module_fields
from app.services.authoring.file_text import module_text
from tests.browser.axe import assert_accessible, assert_no_sideways_scroll
from tests.browser.conftest import screenshot
from tests.login import log_in_browser

GIFT = Path(__file__).parents[1] / "fixtures" / "gift"


@pytest.fixture
def two_versions(app, live_server, curriculum):
    """The first module of the curriculum with a second version, a new summary."""
    slug = curriculum.modules[0].slug
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        trainer = db.session.scalar(sa.select(User).where(User.username == "trainer"))
        draft = drafts.start_draft(module, trainer)
        fields = read_module_fields(draft.module_text, slug)
        changed = replace(fields, summary=fields.summary + "（書き直しました）")
        drafts.save_draft(draft, trainer, draft.revision, module_text=module_text(changed))
        publishing.publish_draft(draft, trainer, draft.revision, change_note="要約を直しました")
        db.session.commit()
    return slug


def test_a_trainer_creates_compares_reverts_and_imports(page, live_server, two_versions):
    slug = two_versions
    log_in_browser(page, live_server, "trainer")
    page.wait_for_url("**/author/")
    assert page.get_by_role("heading", name="教材の編集", level=1).is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-author-home")

    page.get_by_role("link", name="新しい単元を作る").click()
    page.wait_for_url("**/author/new")
    assert_accessible(page)
    page.get_by_role("button", name="単元を作って編集画面を開く").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-author-new-refused")
    page.get_by_label("スラッグ（単元のアドレス）").fill("self-care")
    page.get_by_label("題名").fill("セルフケアの基本")
    page.get_by_role("button", name="単元を作って編集画面を開く").click()
    page.wait_for_url("**/author/modules/self-care/edit")

    page.goto(f"{live_server}/author/modules/{slug}/versions")
    assert_accessible(page)
    screenshot(page, "desktop-author-versions")
    page.locator("#part-module").locator("..").get_by_role("button", name="比べる").click()
    page.wait_for_url("**/versions/compare?*")
    assert page.locator(".diff ins").count() >= 1 and page.locator(".diff del").count() == 0
    assert_accessible(page)
    screenshot(page, "desktop-author-compare")

    page.goto(f"{live_server}/author/modules/{slug}/versions")
    page.get_by_role("link", name="第1版をもう一度公開…").click()
    assert_accessible(page)
    page.get_by_role("button", name="第1版の内容をもう一度公開する").click()
    page.wait_for_url("**/versions")
    assert page.get_by_text("第1版の内容を、第3版としてもう一度公開しました").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server}/author/modules/{slug}/quiz/import")
    assert_accessible(page)
    page.get_by_label("GIFTファイル").set_input_files(str(GIFT / "broken" / "many-problems.gift"))
    page.get_by_role("button", name="問題を確かめる").click()
    assert page.get_by_text("このファイルは取り込めません").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/author/modules/{slug}/quiz/import")
    page.get_by_label("GIFTファイル").set_input_files(str(GIFT / "choice.gift"))
    page.get_by_role("button", name="問題を確かめる").click()
    assert page.get_by_role("heading", name="加えられる問題").is_visible()
    assert_accessible(page)
    screenshot(page, "desktop-author-gift-preview")
    page.get_by_role("button", name="問を下書きに加える").click()
    page.wait_for_url(f"**/author/modules/{slug}/quiz/edit")


def test_the_authoring_pages_fit_a_phone(phone, live_server, two_versions):
    slug = two_versions
    log_in_browser(phone, live_server, "trainer")
    for name, path in (
        ("home", "/author/"),
        ("new", "/author/new"),
        ("versions", f"/author/modules/{slug}/versions"),
        ("compare", f"/author/modules/{slug}/versions/compare?part=module&left=1&right=2"),
        ("revert", f"/author/modules/{slug}/versions/module/1/revert"),
        ("gift", f"/author/modules/{slug}/quiz/import"),
    ):
        response = phone.goto(live_server + path)
        assert response.status == 200, path
        assert_no_sideways_scroll(phone)
        assert_accessible(phone)
        screenshot(phone, f"phone-author-{name}")
    phone.get_by_label("GIFTファイル").set_input_files(str(GIFT / "matching.gift"))
    phone.get_by_role("button", name="問題を確かめる").click()
    phone.get_by_role("heading", name="加えられる問題").wait_for()
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)
    screenshot(phone, "phone-author-gift-preview")
