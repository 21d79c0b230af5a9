"""Nothing a person typed can run as a formula in Excel or LibreOffice (CSV and XLSX)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from app.renderers.spreadsheets import csv_bytes, xlsx_bytes

DANGEROUS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\0=1+1",
    '=HYPERLINK("https://evil.example","click")',
    '"=1+1',
    'a","=1+1',
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_csv_cells_are_defused(value):
    body = csv_bytes(["name"], [[value]]).decode("utf-8-sig")
    cell = list(csv.reader(io.StringIO(body)))[1][0]
    assert cell == value or cell == "'" + value
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))
    assert len(list(csv.reader(io.StringIO(body)))) == 2, "quotes cannot break out of the cell"


@pytest.mark.parametrize("value", DANGEROUS)
def test_xlsx_cells_are_strings_never_formulas(value):
    sheet = load_workbook(io.BytesIO(xlsx_bytes("t", ["name"], [[value]]))).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == value.replace("\0", "")


def test_ordinary_japanese_text_is_left_alone():
    body = csv_bytes(["name"], [["佐藤 和子"]]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1][0] == "佐藤 和子"
