"""Certificates: issued on completion, readable as text, checkable by anyone at /verify."""

import io
import re

from pypdf import PdfReader

from app.seed.demo import DEMO_PASSWORD
from tests.learn.quiz_answers import right_answers


def _complete(client, library, module):
    for section in module.sections:
        client.post(f"/modules/{module.slug}/sections/{section.key}/read")
    page = client.get(f"/modules/{module.slug}/quiz").get_data(as_text=True)
    attempt = int(re.search(r'name="attempt" value="(\d+)"', page).group(1))
    return client.post(
        f"/modules/{module.slug}/quiz", data=right_answers(library.quiz_for(module.slug), attempt)
    )


def _pdf_text(body: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_completing_a_module_issues_a_certificate_at_once(client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    module = demo.modules[0]
    result = _complete(client, demo, module)
    html = client.get(result.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(/certificates/([A-Z0-9]+)\.pdf)"', html)
    assert link, "the result page offers the certificate"
    response = client.get(link.group(1))
    assert response.headers["Content-Type"] == "application/pdf"
    text = _pdf_text(response.data)
    for expected in (
        "修了証",
        "民生 花子",
        "新宿区",
        module.title,
        link.group(2),
        f"/verify/{link.group(2)}",
    ):
        assert expected in text, expected
    assert re.search(r"令和\d+年\d+月\d+日", text) and re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_the_verification_page_shows_the_certificate_and_nothing_more(app, client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    module = demo.modules[0]
    _complete(client, demo, module)
    html = client.get("/certificates").get_data(as_text=True)
    code = re.search(r"<code>([A-Z0-9]+)</code>", html).group(1)
    auth.logout()

    anonymous = app.test_client()
    page = anonymous.get(f"/verify/{code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "本物です" in text and "民生 花子" in text and "新宿区" in text and module.title in text
    assert "commissioner" not in text  # no username, no scores, no other records
    assert "100%" not in text


def test_an_unknown_code_gets_a_clear_not_found(client):
    page = client.get("/verify/NOSUCHCODE")
    assert page.status_code == 404
    assert "この番号の修了証はありません" in page.get_data(as_text=True)


def test_only_the_holder_can_download_their_certificate(app, client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    _complete(client, demo, demo.modules[0])
    code = re.search(
        r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(as_text=True)
    ).group(1)
    auth.logout()
    auth.login("center", DEMO_PASSWORD)
    assert client.get(f"/certificates/{code}.pdf").status_code == 404


def test_the_whole_curriculum_earns_a_curriculum_certificate(client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    mine = [m for m in demo.modules if "all" in m.audiences or "commissioner" in m.audiences]
    for module in mine[:-1]:
        _complete(client, demo, module)
    assert "研修課程 修了証" not in client.get("/certificates").get_data(as_text=True)
    _complete(client, demo, mine[-1])
    html = client.get("/certificates").get_data(as_text=True)
    assert "研修課程 修了証" in html or "Curriculum certificate" in html
    codes = re.findall(r'href="/certificates/([A-Z0-9]+)\.pdf"', html)
    assert len(codes) == len(mine) + 1
    curriculum_pdfs = [client.get(f"/certificates/{code}.pdf").data for code in codes]
    texts = [_pdf_text(body) for body in curriculum_pdfs]
    whole = next(t for t in texts if "研修課程 修了証" in t)
    assert "民生委員・児童委員" in whole
    assert all(module.title in whole for module in mine)


def test_the_verification_page_labels_the_holder_as_a_persons_name(app, client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    _complete(client, demo, demo.modules[0])
    code = re.search(
        r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(as_text=True)
    ).group(1)
    html = app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "<dt>氏名</dt><dd>民生 花子</dd>" in html
    assert "名称" not in html


def test_a_code_can_be_typed_in_at_verify_as_it_is_printed(app, client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    _complete(client, demo, demo.modules[0])
    code = re.search(
        r"<code>([A-Z0-9]+)</code>", client.get("/certificates").get_data(as_text=True)
    ).group(1)
    anonymous = app.test_client()
    page = anonymous.get("/verify")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<form method="get" action="/verify"' in html
    assert '<label for="code">確認番号</label>' in html
    assert "確認番号を入力すると" in html

    # Typed off paper: small letters, full-width, a space and a hyphen.
    typed = (
        code[:4].lower()
        + " "
        + code[4:6]
        + "-"
        + code[6:].translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    )
    found = anonymous.get("/verify", query_string={"code": typed})
    assert found.status_code == 302 and found.headers["Location"] == f"/verify/{code}"
    assert "この修了証は本物です" in anonymous.get(found.headers["Location"]).text

    empty = anonymous.get("/verify", query_string={"code": ""})
    assert empty.status_code == 422 and "確認番号を入力してください。" in empty.text
    odd = anonymous.get("/verify", query_string={"code": "<script>"})
    assert odd.status_code == 422 and "確認番号の書き方が正しくありません。" in odd.text

    unknown = anonymous.get("/verify/NOSUCHCODE")
    assert unknown.status_code == 404
    assert 'value="NOSUCHCODE"' in unknown.text, "the form is there to type it again"
