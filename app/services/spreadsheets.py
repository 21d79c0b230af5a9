"""CSV and XLSX exports that Excel opens correctly and never evaluates as formulas."""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

# A cell starting with one of these is read by Excel (or LibreOffice) as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(value) -> str:
    """Text for a CSV cell: a leading formula trigger is defused with an apostrophe (OWASP)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a BOM, so that Excel shows Japanese instead of mojibake."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Every text cell is typed as a string, so nothing becomes a formula; dates stay dates."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="2F5D50")
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = bold, fill
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        count += 1
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    if header:
        last = chr(ord("A") + len(header) - 1) if len(header) <= 26 else "Z"
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value.replace("\0", ""))
        cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
        return cell
    return value
