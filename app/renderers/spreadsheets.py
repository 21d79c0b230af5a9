"""CSV and XLSX exports that Excel opens correctly and never evaluates as formulas."""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import BinaryIO
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell starting with one of these is read by Excel (or LibreOffice) as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(value: object) -> str:
    """Text for a CSV cell: a leading formula trigger is defused with an apostrophe (OWASP)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_chunks(
    header: Sequence[str],
    rows: Iterable[Sequence],
    text_columns: Sequence[int] | None = None,
    date_columns: Sequence[int] | None = None,
) -> Iterator[bytes]:
    """UTF-8 with a BOM, so that Excel shows Japanese instead of mojibake, in chunks of
    about 64 KB as the rows come: an export of any size holds one chunk in memory.

    Every cell is defused and dates are written as ISO text, unless `text_columns` and
    `date_columns` name the only columns that can hold free text or dates (the rest being
    codes and numbers the application wrote itself): an export of a million cells then does
    the work only where it is needed.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    # A learner's name and organisation, and a module's title, come back on every row of
    # theirs: each text is defused once. Bounded, so that memory stays flat however many
    # learners there are (names stop repeating once their learner's rows are done).
    defused: dict[str, str] = {}
    for row in rows:
        cells = list(row)
        if date_columns is None:
            cells = [v.isoformat() if hasattr(v, "isoformat") else v for v in cells]
        else:
            for index in date_columns:
                if cells[index] is not None:
                    cells[index] = cells[index].isoformat()
        for index in range(len(cells)) if text_columns is None else text_columns:
            value = cells[index]
            if type(value) is not str:  # (1 and True are one key to a dict)
                cells[index] = neutralise(value)
                continue
            text = defused.get(value)
            if text is None:
                if len(defused) >= _DEFUSED_KEPT:
                    defused.clear()
                text = defused[value] = neutralise(value)
            cells[index] = text
        writer.writerow(cells)
        if buffer.tell() >= _CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence],
    text_columns: Sequence[int] | None = None,
    date_columns: Sequence[int] | None = None,
) -> bytes:
    """The whole CSV at once, for small files (see csv_chunks)."""
    return b"".join(csv_chunks(header, rows, text_columns, date_columns))


def write_xlsx(
    target: BinaryIO, title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> int:
    """Write a workbook Excel opens as it should to `target` (a seekable file): styled,
    frozen, filterable header; real dates; every text cell a string (an inline string can
    never be read as a formula). Rows are written as they come; returns how many.

    openpyxl builds the workbook — styles, header, pane, filter — and one sample row whose
    date cell tells us the date style. The data rows themselves are written here as XML,
    straight into the zip entry: openpyxl's writer costs about 7 µs a cell, too slow for a
    Tokyo-wide export of a million cells, while the XML of a cell is a few string operations.
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
    sheet.append([_SAMPLE_DATE])
    last = get_column_letter(max(1, len(header)))
    sheet.auto_filter.ref = f"A1:{last}2"
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    return _with_rows(skeleton, target, rows, len(header), last)


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The whole workbook at once, for small files (see write_xlsx)."""
    out = io.BytesIO()
    write_xlsx(out, title, header, rows)
    return out.getvalue()


_CHUNK = 64 * 1024
_DEFUSED_KEPT = 10_000  # texts defused once per CSV export (see csv_chunks)
_SAMPLE_DATE = date(2000, 1, 1)
_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (as openpyxl writes it)
_SHEET = "xl/worksheets/sheet1.xml"


def _with_rows(
    skeleton: io.BytesIO, target: BinaryIO, rows: Iterable[Sequence], width: int, last: str
) -> int:
    source = zipfile.ZipFile(skeleton)
    sheet = source.read(_SHEET).decode("utf-8")
    sample = re.search(r'<row r="2"[^>]*>.*?</row>', sheet, re.S)
    style = re.search(r' s="(\d+)"', sample.group(0)) if sample else None
    assert sample is not None and style is not None  # openpyxl wrote the styled sample row
    date_style = style.group(1)
    columns = [get_column_letter(i + 1) for i in range(width)]
    # The rows are not counted before they are written, so the sheet says no dimension (it is
    # optional; Excel works it out) and the filter's range is set after the last row.
    head = re.sub(r'<dimension ref="[^"]*"/>', "", sheet[: sample.start()], count=1)
    tail = sheet[sample.end() :]
    count = 0
    # Deflate's fastest level: four times quicker than the default for a file about a fifth
    # larger, on the largest part of an export's time.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zipped:
        for item in source.infolist():
            if item.filename != _SHEET:
                zipped.writestr(item, source.read(item), compress_type=zipfile.ZIP_DEFLATED)
        with zipped.open(_SHEET, "w") as out:
            out.write(head.encode("utf-8"))
            batch: list[str] = []
            texts: dict[str, str] = {}
            for number, row in enumerate(rows, start=2):
                batch.append(_row_xml(number, row, columns, date_style, texts))
                count += 1
                if len(batch) == 1000:
                    out.write("".join(batch).encode("utf-8"))
                    batch.clear()
            out.write("".join(batch).encode("utf-8"))
            out.write(
                re.sub(
                    r'<autoFilter ref="[^"]*"', f'<autoFilter ref="A1:{last}{count + 1}"', tail
                ).encode("utf-8")
            )
    return count


def _row_xml(
    number: int, row: Sequence, columns: list[str], date_style: str, texts: dict[str, str]
) -> str:
    """One row's XML. `texts` remembers the XML of text values already seen (organisations,
    modules, statuses repeat on every row), up to _TEXTS of them, so memory stays bounded."""
    cells = []
    for column, value in zip(columns, row, strict=False):
        if value is None or value == "":
            continue
        kind = type(value)
        if kind is str:
            body = texts.get(value)
            if body is None:
                body = _text_xml(value)
                if len(texts) < _TEXTS:
                    texts[value] = body
            cells.append(f'<c r="{column}{number}"{body}')
        elif kind is bool:
            cells.append(f'<c r="{column}{number}" t="b"><v>{int(value)}</v></c>')
        elif kind is int or kind is float:
            cells.append(f'<c r="{column}{number}"><v>{value}</v></c>')
        elif isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            cells.append(
                f'<c r="{column}{number}" s="{date_style}"><v>{(day - _EPOCH).days}</v></c>'
            )
        elif isinstance(value, int | float):  # a subclass (an IntEnum, say)
            cells.append(f'<c r="{column}{number}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{column}{number}"{_text_xml(str(value))}')
    return f'<row r="{number}">{"".join(cells)}</row>'


_TEXTS = 20_000


def _text_xml(value: str) -> str:
    """The rest of an inline-string cell: an inline string is never read as a formula."""
    # \r as a character reference: XML readers would turn a bare one into \n.
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", value), {"\r": "&#13;"})
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'
