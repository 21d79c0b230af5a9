"""CSV and XLSX exports that Excel opens correctly and never evaluates as formulas."""

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

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


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence], text_columns: Sequence[int] | None = None
) -> bytes:
    """UTF-8 with a BOM, so that Excel shows Japanese instead of mojibake.

    Every cell is defused unless `text_columns` names the only columns that can hold free
    text (the rest being codes, numbers and dates the application wrote itself).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells = [
            value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)
            for value in row
        ]
        for index in range(len(cells)) if text_columns is None else text_columns:
            cells[index] = neutralise(cells[index])
        writer.writerow(cells)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    text_columns: Sequence[int] | None = None,
) -> bytes:
    """Every text cell is typed as a string, so nothing becomes a formula; dates stay dates.

    `text_columns`, when given, names the only columns that can hold free text; the others
    (codes, numbers, dates the application wrote) are passed to openpyxl as they are.
    """
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
    check = range(len(header)) if text_columns is None else text_columns
    for row in rows:
        count += 1
        values = list(row)
        for index in check:
            if isinstance(values[index], str):
                values[index] = _xlsx_cell(sheet, values[index])
        sheet.append(values)
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value: str):
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        # openpyxl would store '=…' as a formula: type it as a string, explicitly.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
