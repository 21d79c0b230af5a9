"""The certificate PDF as a volunteer and a checker meet it: what pdftotext, pdffonts, pdfinfo
and a QR reader (zbarimg) find in it, with a Japanese font embedded and without one.

These need poppler-utils (and zbar-tools for the QR code); without them they are skipped,
saying so, except where YORISOI_PDF_TOOLS=required (`.ci/run` sets it and installs them).
"""

import os
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.config import CERTIFICATE_FONT_FILES
from app.extensions import db
from app.models import Organisation
from app.renderers.certificate_pdf import CertificateContent, render_certificate
from tests.certificates.test_certificates import _complete
from tests.conftest import BASE_URL
from tests.login import log_in

REQUIRED = os.environ.get("YORISOI_PDF_TOOLS") == "required"
SCREENSHOTS = Path(__file__).parents[1] / "screenshots"  # beside the browser tests' pictures
INSTALLED_FONT = next((path for path in CERTIFICATE_FONT_FILES if os.path.isfile(path)), None)
PAGE_WIDTH = 595.28
BORDER = 38  # the inner border line, from each edge of the page
LONG_NAME = (  # 52 characters
    "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う寝る処に住む処やぶら小路の"
    "藪柑子パイポパイポ"
)
LONG_ORGANISATION = (
    "社会福祉法人東京都ひきこもり支援ネットワーク協議会新宿区第一地域包括支援センター"
    "相談支援部門（ひきこもり・家族支援担当）"
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if REQUIRED:
            pytest.fail(f"YORISOI_PDF_TOOLS=required but {name} is not installed")
        pytest.skip(f"{name} is not installed (apt-get install -y poppler-utils zbar-tools)")
    return found


def _run(tool: str, *args: str, data: bytes) -> str:
    """Run a poppler tool on the PDF `data` (from a file: poppler wants to seek)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        out = ["-"] if tool == "pdftotext" else []
        result = subprocess.run(
            [_tool(tool), *args, pdf.name, *out], capture_output=True, check=True
        )
    return result.stdout.decode()


def pdftotext(pdf: bytes, *args: str) -> str:
    return _run("pdftotext", "-enc", "UTF-8", *args, data=pdf)


def pdffonts(pdf: bytes) -> str:
    return _run("pdffonts", data=pdf)


def pdfinfo(pdf: bytes) -> dict[str, str]:
    lines = _run("pdfinfo", "-enc", "UTF-8", data=pdf).splitlines()
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in lines if ":" in line)}


def _fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni of each font."""
    rows = pdffonts(pdf).splitlines()[2:]
    fonts = []
    for row in rows:
        cells = row.split()
        fonts.append({"name": cells[0], "emb": cells[-5], "sub": cells[-4], "uni": cells[-3]})
        fonts[-1]["type"] = row[37:55].strip()
    return fonts


@pytest.fixture(params=["embedded", "fallback"])
def font_files(request, tmp_path):
    """Both ways a certificate can be set: with a TrueType font found (CI installs one), and
    without any (a laptop without the font: the lookup points at a file that is not there)."""
    if request.param == "embedded":
        if INSTALLED_FONT is None:
            if REQUIRED:
                pytest.fail(
                    "no Japanese TrueType font (apt-get install fonts-morisawa-bizud-gothic)"
                )
            pytest.skip("no Japanese TrueType font installed: the embedded case is skipped")
        return [INSTALLED_FONT]
    return [str(tmp_path / "no-such-font.ttf")]


@pytest.fixture
def long_named(app, users, curriculum):
    """A learner with a 52-character name in an organisation with a 62-character one."""
    with app.app_context():
        parent = db.session.scalar(sa.select(Organisation).where(Organisation.name == "新宿区"))
        db.session.add(
            Organisation(
                code="13104-90", name=LONG_ORGANISATION, kind="centre", parent_id=parent.id
            )
        )
        db.session.commit()
    users("jugemu", display_name=LONG_NAME, organisation=LONG_ORGANISATION)
    return "jugemu"


def _certificate(app, client, curriculum, username, font_files):
    app.config["CERTIFICATE_FONT_FILES"] = font_files
    log_in(client, username)
    module = curriculum.modules[0]
    result = _complete(client, curriculum, module)
    html = client.get(result.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(/certificates/([A-Z0-9]+)\.pdf)"', html)
    response = client.get(link.group(1))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return response.data, link.group(2), module


def test_a_long_name_and_organisation_stay_inside_the_border_and_whole(
    app, client, curriculum, long_named, font_files
):
    pdf, code, module = _certificate(app, client, curriculum, long_named, font_files)
    text = pdftotext(pdf)
    joined = "".join(text.split())
    assert LONG_NAME + "様" in joined, "the whole name can be extracted"
    assert LONG_ORGANISATION in joined, "the whole organisation can be extracted"
    assert module.title in joined and code in joined
    # Every word pdftotext finds lies inside the inner border.
    boxes = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', pdftotext(pdf, "-bbox")
    )
    assert len(boxes) > 10
    for left, right in boxes:
        assert float(left) > BORDER and float(right) < PAGE_WIDTH - BORDER, (left, right)
    _picture(
        pdf, f"certificate-long-name-{'embedded' if font_files == [INSTALLED_FONT] else 'cid'}"
    )


def _picture(pdf: bytes, name: str) -> None:
    """The page as a picture for a reviewer: tests/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        subprocess.run(
            [
                _tool("pdftoppm"),
                "-png",
                "-r",
                "80",
                "-singlefile",
                source.name,
                str(SCREENSHOTS / name),
            ],
            check=True,
        )


def test_lines_break_where_japanese_allows(app, client, curriculum, users, font_files):
    users("hanako", display_name="民生 花子")
    pdf, _code, _module = _certificate(app, client, curriculum, "hanako", font_files)
    lines = [line.strip() for line in pdftotext(pdf).splitlines() if line.strip()]
    assert "次の単元を修了されました。" in lines, lines  # not 「修了さ／れました。」
    assert "あなたは、ひきこもり支援研修「よりそい」において、" in lines


@pytest.mark.parametrize("prefix", range(14, 40))
def test_no_line_starts_with_a_closing_mark_or_a_small_kana(prefix, font_files):
    """Kinsoku: wherever a long title happens to break, 。、」） and small kana stay at the end
    of the line before (each prefix length puts them at another place on the line)."""
    title = "あ" * prefix + "。「ひきこもり」（社会的孤立）、ちょっと" + "い" * 30
    content = CertificateContent(
        code="ABCD234567",
        kind="module",
        holder="民生 花子",
        organisation="新宿区",
        titles=(title,),
        issued_on=date(2026, 4, 1),
        issued_on_wareki="令和8年4月1日",
    )
    pdf = render_certificate(content, "https://yorisoi.example.jp/verify/ABCD234567", font_files)
    lines = [line.strip() for line in pdftotext(pdf).splitlines() if line.strip()]
    for line in lines:
        assert line[0] not in "。、」）ょっ", line
        assert line[-1] not in "「（", line
    assert title in "".join("".join(lines).split())


def test_the_font_is_embedded_when_installed_and_the_cid_font_used_when_not(
    app, client, curriculum, users, font_files
):
    users("hanako", display_name="民生 花子")
    pdf, _code, _module = _certificate(app, client, curriculum, "hanako", font_files)
    fonts = _fonts(pdf)
    if font_files == [INSTALLED_FONT]:
        assert len(fonts) == 1, pdffonts(pdf)
        (font,) = fonts
        assert font["type"] == "TrueType" and re.fullmatch(r"[A-Z]{6}\+.+", font["name"])
        assert (font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes"), pdffonts(pdf)
    else:
        assert [(f["name"], f["type"], f["emb"]) for f in fonts] == [
            ("HeiseiKakuGo-W5", "CID Type 0", "no")
        ], pdffonts(pdf)
    assert "民生花子様" in "".join(pdftotext(pdf).split()), "searchable either way"
    _picture(pdf, f"certificate-{'embedded' if font_files == [INSTALLED_FONT] else 'cid'}")


def test_the_qr_code_opens_the_verify_page_printed_beside_it(
    app, client, curriculum, users, font_files, tmp_path
):
    users("hanako", display_name="民生 花子")
    pdf, code, _module = _certificate(app, client, curriculum, "hanako", font_files)
    printed = re.search(r"\S+/verify/" + code, pdftotext(pdf)).group(0)
    image = tmp_path / "page"
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run([_tool("pdftoppm"), "-png", "-r", "100", str(source), str(image)], check=True)
    scanned = subprocess.run(
        [_tool("zbarimg"), "-q", "--raw", str(tmp_path / "page-1.png")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert scanned == printed == f"{BASE_URL}/verify/{code}"
    assert "本物です" in app.test_client().get(f"/verify/{code}").get_data(as_text=True)


def test_the_pdf_says_what_it_is_and_who_issued_it(app, client, curriculum, users, font_files):
    users("hanako", display_name="民生 花子")
    app.config["CERTIFICATE_ISSUER"] = "新宿区 福祉部"
    pdf, code, module = _certificate(app, client, curriculum, "hanako", font_files)
    info = pdfinfo(pdf)
    assert info["Title"] == "修了証：民生 花子"
    assert info["Author"] == "新宿区 福祉部"
    assert code in info["Subject"] and "修了証" in info["Subject"]
    assert info["Creator"] == "Yorisoi"
    assert "anonymous" not in str(info) and "unspecified" not in str(info)
    assert "発行新宿区福祉部" in "".join(pdftotext(pdf).split())
    verify = app.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "<dt>発行</dt><dd>新宿区 福祉部</dd>" in verify
