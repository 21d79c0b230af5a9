"""The certificate as an A4 PDF, drawn with reportlab.

Japanese is set in reportlab's built-in CID font HeiseiKakuGo-W5 (Adobe-Japan1). Nothing is
embedded: no font file has to be shipped with the app or installed on the server, the PDF stays
a few kilobytes, and every Japanese-capable reader (Acrobat, macOS Preview, browsers' pdf.js,
poppler) draws it with its own Gothic font. The text stays real text, so it can be searched,
read aloud and checked by machine.
"""

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from app.vocabulary import CertificateKind

FONT = "HeiseiKakuGo-W5"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
ACCENT = HexColor("#2F5D50")
SOURCE_NOTE = "東京都『ひきこもり支援ガイドブック』（令和5年2月）にもとづく研修です。"


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


def _centred(canvas: Canvas, text: str, y: float, size: float) -> None:
    canvas.setFont(FONT, size)
    canvas.drawCentredString(A4[0] / 2, y, text)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Break Japanese text by width (it has no spaces to break at)."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, FONT, size) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return lines + ([line] if line else [])


def render_certificate(content: CertificateContent, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    title = "修了証" if content.kind == CertificateKind.MODULE else "研修課程 修了証"
    canvas.setTitle(f"{title} {content.holder}")
    canvas.setAuthor("Yorisoi")
    width, height = A4

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(4)
    canvas.rect(28, 28, width - 56, height - 56)
    canvas.setLineWidth(1)
    canvas.rect(38, 38, width - 76, height - 76)

    canvas.setFillColor(ACCENT)
    _centred(canvas, title, height - 150, 36)
    canvas.setFillColor(HexColor("#1F2A28"))
    _centred(canvas, f"{content.holder} 様", height - 230, 24)
    _centred(canvas, content.organisation, height - 262, 14)

    intro = (
        "あなたは、ひきこもり支援研修「よりそい」において、次の単元を修了されました。"
        if content.kind == CertificateKind.MODULE
        else f"あなたは、ひきこもり支援研修「よりそい」の{content.audience_label}向けの"
        "すべての単元を修了されました。"
    )
    y = height - 320
    for line in _wrap(intro, 13, width - 160):
        _centred(canvas, line, y, 13)
        y -= 22
    y -= 10
    size = 16 if len(content.titles) <= 3 else 12
    for number, module_title in enumerate(content.titles, 1):
        label = (
            module_title if content.kind == CertificateKind.MODULE else f"{number}. {module_title}"
        )
        _centred(canvas, label, y, size)
        y -= size + 10

    _centred(
        canvas, f"修了日　{content.issued_on_wareki}（{content.issued_on.isoformat()}）", 190, 13
    )
    canvas.setFont(FONT, 10)
    canvas.drawString(70, 136, f"確認番号　{content.code}")
    canvas.drawString(70, 120, "この証書が本物かどうかは、次のアドレスで確かめられます。")
    canvas.drawString(70, 104, verify_url)
    canvas.drawString(
        70, 80, "東京都『ひきこもり支援ガイドブック』（令和5年2月）にもとづく研修です。"
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
