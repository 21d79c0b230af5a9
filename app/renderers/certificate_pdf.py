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
INK = HexColor("#1F2A28")
WARNING = HexColor("#8A3B00")
SOURCE_NOTE = "東京都『ひきこもり支援ガイドブック』（令和5年2月）にもとづく研修です。"


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
    edition: int = 1  # a curriculum certificate issued again after a re-certification
    expired: tuple[ExpiredEntry, ...] = ()


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
    if content.edition > 1:
        _centred(canvas, f"（第{content.edition}版）", height - 180, 14)
    canvas.setFillColor(INK)
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
    expired = {entry.title: entry for entry in content.expired}
    rows: list[tuple[str, float, bool]] = []  # text, size, an expiry note
    for number, module_title in enumerate(content.titles, 1):
        label = (
            module_title if content.kind == CertificateKind.MODULE else f"{number}. {module_title}"
        )
        rows.append((label, size, False))
        if module_title in expired:
            when = expired[module_title].updated_on_wareki
            rows.append((f"※ {when}の改訂により、この単元の修了は期限切れです", 10, True))
    # Baseline to baseline: the next line's size plus a gap, small above a title's own note.
    steps = [following[1] + (4 if following[2] else 10) for following in rows[1:]]
    # Closer together when the expiry notes would run into the date line.
    scale = min(1.0, (y - 215) / sum(steps)) if steps else 1.0
    for index, (text, row_size, note) in enumerate(rows):
        canvas.setFillColor(WARNING if note else INK)
        _centred(canvas, text, y, row_size)
        if index < len(steps):
            y -= steps[index] * scale
    canvas.setFillColor(INK)
    if expired:
        canvas.setFillColor(WARNING)
        _centred(
            canvas,
            "※印の単元は、この証書の発行後に改訂され、再受講が必要になりました。",
            165,
            10,
        )
        canvas.setFillColor(INK)

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
