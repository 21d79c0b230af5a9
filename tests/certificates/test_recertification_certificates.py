"""Certificates after a re-certification: each stays a true record of what was completed
when, says at /verify and on its PDF which module's completion has expired since, and
completing the module again on the new version issues the curriculum certificate's next
edition."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.learn.new_versions import FIXTURE, load_changed_sample, publish_marked_sample
from tests.login import log_in
from tests.reports.learner_actions import complete_sample

SAMPLE = "テスト用の単元"
OTHER = "民生委員のための単元"


def _pdf_text(body: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _complete_other(client):
    html = client.get("/modules/commissioners-only").get_data(as_text=True)
    for key in re.findall(r'action="/modules/commissioners-only/sections/([^/"]+)/read"', html):
        client.post(f"/modules/commissioners-only/sections/{key}/read")


def _curriculum_codes(client) -> list[str]:
    """The learner's curriculum certificates, oldest first (as /certificates lists them)."""
    html = client.get("/certificates").get_data(as_text=True)
    sections = re.findall(r"<section class=\"card\".*?</section>", html, re.S)
    return [re.search(r"<code>([A-Z0-9]+)</code>", s).group(1) for s in sections if "研修課程" in s]


@pytest.fixture
def certified(app, client, runner, users):
    """A welfare commissioner who completed both fixture modules: a curriculum certificate."""
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    users("hanako", audience="commissioner", display_name="民生 花子")
    log_in(client, "hanako")
    complete_sample(client)
    _complete_other(client)
    [code] = _curriculum_codes(client)
    return code


def test_after_a_marked_publish_the_curriculum_certificate_says_which_module_expired(
    app, client, runner, tmp_path, certified
):
    anonymous = app.test_client()
    before = anonymous.get(f"/verify/{certified}").get_data(as_text=True)
    assert "本物です" in before and "期限切れ" not in before

    publish_marked_sample(app, runner, tmp_path)

    page = anonymous.get(f"/verify/{certified}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "本物です" in html  # still a true record
    notice = html[html.index("発行後の更新により") :]
    assert SAMPLE in notice and OTHER not in notice
    assert re.search(r"令和\d+年\d+月\d+日更新", notice)
    assert "hanako" not in html  # still nothing more than the certificate says

    text = _pdf_text(client.get(f"/certificates/{certified}.pdf").data)
    assert SAMPLE in text and OTHER in text
    assert "の改訂により、この単元の修了は期限切れです" in text
    assert "再受講が必要になりました" in text

    listing = client.get("/certificates").get_data(as_text=True)
    assert "その修了は期限切れになりました" in listing


def test_completing_the_module_again_issues_the_next_edition_and_keeps_the_first(
    app, client, runner, tmp_path, certified
):
    publish_marked_sample(app, runner, tmp_path)
    assert _curriculum_codes(client) == [certified], "nothing new until it is done again"

    complete_sample(client)
    first, second = _curriculum_codes(client)
    assert first == certified
    listing = client.get("/certificates").get_data(as_text=True)
    assert "研修課程 修了証 （第2版）" in listing

    anonymous = app.test_client()
    fresh = anonymous.get(f"/verify/{second}").get_data(as_text=True)
    assert "本物です" in fresh and "（第2版）" in fresh
    assert "発行後の更新により" not in fresh and SAMPLE in fresh and OTHER in fresh
    text = _pdf_text(client.get(f"/certificates/{second}.pdf").data)
    assert "第2版" in text and "期限切れ" not in text
    old = anonymous.get(f"/verify/{first}").get_data(as_text=True)
    assert "発行後の更新により" in old, "the first edition still tells the truth"

    # The module's own certificates: the old one says it expired, the new one does not.
    codes = re.findall(r"<code>([A-Z0-9]+)</code>", listing)
    module_codes = [c for c in codes if c not in (first, second)]
    pages = {c: anonymous.get(f"/verify/{c}").get_data(as_text=True) for c in module_codes}
    assert sum("発行後の更新により" in p for p in pages.values()) == 1
    assert len(pages) == 3  # sample v1, commissioners-only, sample v2


def test_without_the_mark_the_curriculum_certificate_stands(
    app, client, runner, tmp_path, certified
):
    load_changed_sample(runner, tmp_path)
    page = app.test_client().get(f"/verify/{certified}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "本物です" in html
    assert "発行後の更新により" not in html and "期限切れ" not in html
    assert _curriculum_codes(client) == [certified]
    assert "期限切れ" not in _pdf_text(client.get(f"/certificates/{certified}.pdf").data)
