"""The one writer of tables as files (orders/spreadsheets.py): the same cells in CSV and
XLSX, empty for None and "", and never a formula."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from orders import spreadsheets

HEADER = ["Name", "Amount", "Day", "Count", "Note"]
FORMULAS = ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
ROWS = [
    ["王秀英", Decimal("12.50"), datetime.date(2026, 1, 31), 3, None],
    ["李桂兰", Decimal("-5.00"), None, 0, ""],
    *[[text, Decimal("0.00"), None, 1, text] for text in FORMULAS],
]


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # so that Excel opens the Chinese right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def test_csv_writes_numbers_dates_and_empty_cells_plainly():
    rows = read_csv(spreadsheets.as_csv(HEADER, ROWS))
    assert rows[0] == HEADER
    assert rows[1] == ["王秀英", "12.50", "2026-01-31", "3", ""]
    assert rows[2] == ["李桂兰", "-5.00", "", "0", ""]  # a negative amount is a number


def test_csv_keeps_every_formula_as_text():
    rows = read_csv(spreadsheets.as_csv(HEADER, ROWS))[3:]
    assert [row[0] for row in rows] == ["'" + text for text in FORMULAS]
    assert [row[4] for row in rows] == ["'" + text for text in FORMULAS]


def test_xlsx_has_the_same_cells_and_no_formula():
    sheet = read_xlsx(
        spreadsheets.as_xlsx(HEADER, ROWS, title="A title longer than a sheet may have")
    )
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1] == ["王秀英", 12.5, datetime.datetime(2026, 1, 31), 3, None]
    assert values[2] == ["李桂兰", -5, None, 0, None]  # "" is an empty cell, as None is
    # (XML reads a carriage return back as a line feed.)
    assert [row[0] for row in values[3:]] == [text.replace("\r", "\n") for text in FORMULAS]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["B2"].number_format == "0.00" and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet.title == "A title longer than a sheet may "[:31]


def test_xlsx_header_is_bold_and_frozen_and_columns_as_wide_as_asked():
    sheet = read_xlsx(spreadsheets.as_xlsx(HEADER, ROWS, title="t", widths=(30, 8)))
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert widths == [30, 8, 16, 16, 16]


def test_download_is_an_attachment_of_its_format():
    xlsx = spreadsheets.download(HEADER, ROWS, fmt="xlsx", filename="t.xlsx", title="t")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"] == 'attachment; filename="t.xlsx"'
    text = spreadsheets.download(HEADER, ROWS, fmt="csv", filename="t.csv", title="t")
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    assert read_csv(text.content)[1][0] == "王秀英"
