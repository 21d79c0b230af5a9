"""The certificate as an A4 PDF, drawn with reportlab: something a volunteer is proud of.

Fonts. When a Japanese TrueType font is installed (Debian's fonts-morisawa-bizud-gothic, or
fonts-ipaexfont-gothic; the caller says where to look, the app its CERTIFICATE_FONT_FILES), a
subset of it is embedded: the PDF then looks the same in every reader, and the text stays text
(searchable, read aloud, checkable by machine). Where none is installed, Japanese is set in
reportlab's built-in CID font HeiseiKakuGo-W5 (Adobe-Japan1): nothing is embedded and each
reader draws it with its own Gothic font.

Text. Our own sentences break where we chose, between phrases (never 「修了さ／れました」).
A long name, organisation or module title first shrinks, then breaks where Japanese allows
(japanese_lines: kinsoku, no break inside a Latin word) and is drawn as a reportlab Paragraph;
it always stays inside the border, so nothing is cut off on paper or when text is extracted.

The verify address is printed and drawn as a QR code; the issuing organisation is named; the
PDF's title, author and subject say what it is.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.renderers.japanese_lines import break_lines
from app.vocabulary import CertificateKind

CID_FONT = "HeiseiKakuGo-W5"
pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
ACCENT = HexColor("#2F5D50")
INK = HexColor("#1F2A28")
WARNING = HexColor("#8A3B00")
SOURCE_NOTE = "東京都『ひきこもり支援ガイドブック』（令和5年2月）にもとづく研修です。"
TRAINING = "ひきこもり支援研修「よりそい」"
Alignment = Literal[0, 1, 2, 4]  # reportlab's TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY

PAGE_WIDTH, PAGE_HEIGHT = A4
BORDER = 38  # the inner border line, from each edge
MARGIN = 70  # text keeps this far from each edge: well inside the border
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 86

_registered: dict[str, str] = {}  # font file → the name it is registered under


@dataclass(frozen=True)
class ExpiredEntry:
    """A module on the certificate whose completion expired when it was revised later."""

    title: str
    updated_on: date
    updated_on_wareki: str


@dataclass(frozen=True)
class CertificateContent:
    code: str
    kind: str  # a CertificateKind
    holder: str
    organisation: str
    titles: tuple[str, ...]
    issued_on: date
    issued_on_wareki: str
    audience_label: str = ""
    issuer: str = ""  # the organisation that issues it (the app's CERTIFICATE_ISSUER)
    edition: int = 1  # a curriculum certificate issued again after a re-certification
    expired: tuple[ExpiredEntry, ...] = ()


def certificate_font(font_files: Iterable[str] = ()) -> str:
    """The font certificates are set in: the first TrueType file of `font_files` that exists
    and reportlab can read (embedded), else the built-in CID font (not embedded)."""
    for path in font_files:
        if path in _registered:
            return _registered[path]
        if not Path(path).is_file():
            continue
        name = "Certificate-" + Path(path).stem
        try:
            pdfmetrics.registerFont(TTFont(name, path))
        except TTFError:  # not a TrueType font reportlab can subset (say, a .ttc or .otf)
            continue
        _registered[path] = name
        return name
    return CID_FONT


def _style(font: str, size: float, align: Alignment, colour: Color) -> ParagraphStyle:
    return ParagraphStyle(
        f"{font}-{size}-{align}",
        fontName=font,
        fontSize=size,
        leading=size * 1.45,
        alignment=align,
        textColor=colour,
        # The lines come broken already (japanese_lines); CJK wrapping is the safety net.
        wordWrap="CJK",
    )


def _markup(lines: Sequence[str]) -> str:
    """Text for a Paragraph: escaped, each line ending in a line break of its own."""
    return "<br/>".join(escape(line) for line in lines)


@dataclass(frozen=True)
class _Block:
    """Lines ready to draw as one paragraph, and the width they were broken for."""

    paragraph: Paragraph
    width: float

    @property
    def height(self) -> float:
        return self.paragraph.wrap(self.width, PAGE_HEIGHT)[1]


def _broken(lines: Sequence[str], font: str, size: float, width: float) -> list[str]:
    """Each of our lines, broken further where Japanese allows so that every line fits."""

    def fits(text: str) -> bool:
        return pdfmetrics.stringWidth(text, font, size) <= width - 1

    result = []
    for line in lines:
        parts = line.split()
        spaced = len(parts) > 1 and all(fits(part) for part in parts)
        result += break_lines(line, fits, at_spaces_only=spaced)
    return result


def _fitted(
    lines: Sequence[str],
    font: str,
    size: float,
    smallest: float,
    width: float = TEXT_WIDTH,
    align: Alignment = TA_CENTER,
    colour: Color = INK,
    max_lines: int = 2,
) -> _Block:
    """`lines` (ours, each meant as one line) at the largest size down to `smallest` at which
    each fits on one line. Failing that, broken where Japanese allows into at most `max_lines`
    lines for each of ours, at the largest size that allows it (down to 7 pt), and centred text
    evened out so that no line is left with a character or two. Nothing is ever cut off."""
    current = size
    while current >= smallest:
        if len(_broken(lines, font, current, width)) == len(lines):
            return _Block(Paragraph(_markup(lines), _style(font, current, align, colour)), width)
        current -= 1
    current = size
    while len(broken := _broken(lines, font, current, width)) > len(lines) * max_lines:
        if current <= 7:
            break
        current -= 1
    if align == TA_CENTER:  # the narrowest width that needs no more lines: even lines
        low, high = width / 2, width
        while high - low > 2:
            middle = (low + high) / 2
            if len(_broken(lines, font, current, middle)) <= len(broken):
                high = middle
            else:
                low = middle
        width = high
        broken = _broken(lines, font, current, width)
    return _Block(Paragraph(_markup(broken), _style(font, current, align, colour)), width)


def _intro(content: CertificateContent) -> list[str]:
    """Our sentence, broken between phrases (never 「修了さ／れました」)."""
    if content.kind == CertificateKind.MODULE:
        return [f"あなたは、{TRAINING}において、", "次の単元を修了されました。"]
    return [
        f"あなたは、{TRAINING}の",
        f"{content.audience_label}向けのすべての単元を修了されました。",
    ]


def _draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """`value` as a QR code (reportlab's own encoder, the one its QrCodeWidget uses), `size`
    square with its quiet zone.

    Drawn as plain rectangles rather than through renderPDF, which would list an unused
    Helvetica among the PDF's fonts."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    quiet = 4  # modules of white around the code, as the standard asks
    module = size / (count + 2 * quiet)
    canvas.saveState()
    canvas.setFillColor(INK)
    for row, cells in enumerate(code.modules):
        for column, dark in enumerate(cells):
            if dark:
                canvas.rect(
                    x + (column + quiet) * module,
                    y + size - (row + quiet + 1) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )
    canvas.restoreState()


def _draw(canvas: Canvas, block: _Block, top: float, left: float = MARGIN) -> float:
    """Draw `block` with its top at `top`, centred in the text width when it is narrower;
    returns its bottom."""
    height = block.height
    block.paragraph.drawOn(canvas, left + (TEXT_WIDTH - block.width) / 2, top - height)
    return top - height


def render_certificate(
    content: CertificateContent,
    verify_url: str,
    font_files: Iterable[str] = (),
) -> bytes:
    """The PDF of `content`; `verify_url` is where anyone can check it (printed and as QR)."""
    font = certificate_font(font_files)
    buffer = io.BytesIO()
    # The initial font is ours, so that no unused Helvetica is listed in the PDF.
    canvas = Canvas(
        buffer,
        pagesize=A4,
        pageCompression=1,
        initialFontName=font,  # type: ignore[arg-type]  # a font name; the stubs say float
        initialFontSize=12,
        lang="ja",
    )
    title = "修了証" if content.kind == CertificateKind.MODULE else "研修課程 修了証"
    canvas.setTitle(f"{title}：{content.holder}")
    canvas.setAuthor(content.issuer or TRAINING)
    canvas.setSubject(f"{TRAINING}の{title}（確認番号 {content.code}）")
    canvas.setKeywords(f"修了証, ひきこもり支援, {content.code}")
    canvas.setCreator("Yorisoi")

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(4)
    canvas.rect(28, 28, PAGE_WIDTH - 56, PAGE_HEIGHT - 56)
    canvas.setLineWidth(1)
    canvas.rect(BORDER, BORDER, PAGE_WIDTH - 2 * BORDER, PAGE_HEIGHT - 2 * BORDER)

    labels = (
        list(content.titles)
        if content.kind == CertificateKind.MODULE
        else [f"{n}. {t}" for n, t in enumerate(content.titles, 1)]
    )
    roomy = len(labels) <= 3  # a module's certificate has room to breathe; a curriculum's less

    # From the bottom up first: the footer, then the date and the issuer just above it; the
    # titles in the middle then shrink, if they must, to end above those.
    footer_top = _draw_footer(canvas, content, verify_url, font)
    dated = f"修了日　{content.issued_on_wareki}（{content.issued_on.isoformat()}）"
    closing = []
    if content.expired:
        note = "※印の単元は、この証書の発行後に改訂され、再受講が必要になりました。"
        closing.append(_fitted([note], font, 10, 8, colour=WARNING))
    closing.append(_fitted([dated], font, 14, 10))
    if content.issuer:
        closing.append(_fitted([f"発行　{content.issuer}"], font, 13, 9))
    closing_top = footer_top + (40 if roomy else 22) + sum(b.height + 8 for b in closing)
    y = closing_top
    for block in closing:
        y = _draw(canvas, block, y) - 8

    y = PAGE_HEIGHT - (120 if roomy else 96)
    y = _draw(canvas, _fitted([title], font, 40, 28, colour=ACCENT, max_lines=1), y)
    if content.edition > 1:
        y = _draw(canvas, _fitted([f"（第{content.edition}版）"], font, 14, 10), y - 4)
    y = _draw(canvas, _fitted([f"{content.holder} 様"], font, 26, 16), y - (44 if roomy else 26))
    y = _draw(canvas, _fitted([content.organisation], font, 15, 10), y - 8)
    y = _draw(canvas, _fitted(_intro(content), font, 14, 10), y - (48 if roomy else 26))
    y -= 28 if roomy else 14

    room = y - closing_top - (24 if roomy else 12)
    expired = {entry.title: entry for entry in content.expired}
    size = 20.0 if len(labels) == 1 else 16.0 if roomy else 12.5
    while True:
        gap = size * (0.4 if roomy else 0.2)
        titles = []
        for label, module_title in zip(labels, content.titles, strict=True):
            titles.append(_fitted([label], font, size, max(size - 4, 8)))
            if module_title in expired:
                when = expired[module_title].updated_on_wareki
                notice = f"※ {when}の改訂により、この単元の修了は期限切れです"
                titles.append(_fitted([notice], font, max(size - 4, 7), 6.5, colour=WARNING))
        if sum(b.height + gap for b in titles) <= room or size <= 7:
            break
        size -= 0.5
    for block in titles:
        y = _draw(canvas, block, y) - gap

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_footer(canvas: Canvas, content: CertificateContent, verify_url: str, font: str) -> float:
    """The code, the verify address (and its QR code) and the source; returns its top."""
    qr_x = PAGE_WIDTH - MARGIN - QR_SIZE
    width = qr_x - 14 - MARGIN
    check = "この証書が本物かどうかは、次のアドレスか右のQRコードで確かめられます。"
    lines = [
        _fitted([f"確認番号　{content.code}"], font, 11, 9, width, TA_LEFT),
        _fitted([check], font, 9, 7.5, width, TA_LEFT),
        _fitted([verify_url], font, 9, 6.5, width, TA_LEFT),
        _fitted([SOURCE_NOTE], font, 9, 7.5, width, TA_LEFT),
    ]
    top = max(70 + sum(b.height + 3 for b in lines), 70 + QR_SIZE)
    y = top
    for block in lines:
        block.paragraph.drawOn(canvas, MARGIN, y - block.height)
        y -= block.height + 3
    _draw_qr(canvas, verify_url, qr_x, top - QR_SIZE, QR_SIZE)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top + 12, PAGE_WIDTH - MARGIN, top + 12)
    return top + 12
