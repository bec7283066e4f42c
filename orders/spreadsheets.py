"""Tables as files, the one writer behind every export (the dashboard's tables, the
federation's overview, a payout run's payroll file).

A table is a header and rows of cells. CSV is UTF-8 with a byte order mark, so that Excel
opens the Chinese right; XLSX is one sheet with a bold, frozen header row. In both, a cell
is written the same way:

- None and "" are an empty cell;
- numbers stay numbers (a Decimal keeps its decimals: money as 0.00), dates are YYYY-MM-DD;
- text stays text: a cell a spreadsheet would take for a formula (=, +, -, @, a tab or a
  carriage return first) is prefixed with ' in CSV and stored as a string in XLSX, so a name
  typed as "=HYPERLINK(…)" never runs when the file is opened.
"""

import csv
import datetime
import io
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH = 16


def _csv_cell(value):
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(header: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(
    header: Sequence[str], rows: Sequence[Sequence], *, title: str, widths: Sequence[int] = ()
) -> bytes:
    """``widths``: of the first columns, in characters (the others are 16 wide)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # the longest name a sheet may have
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
        for cell in sheet[sheet.max_row]:
            _xlsx_format(cell)
    for index in range(1, sheet.max_column + 1):
        width = widths[index - 1] if index <= len(widths) else WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_format(cell) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula (openpyxl took one starting with = for one)
    elif isinstance(cell.value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(cell.value, datetime.date):
        cell.number_format = "yyyy-mm-dd"


def download(
    header: Sequence[str],
    rows: Sequence[Sequence],
    *,
    fmt: str,
    filename: str,
    title: str,
    widths: Sequence[int] = (),
) -> HttpResponse:
    """The table as an attachment named ``filename``, in ``fmt``: "csv" or "xlsx" (what the
    address's <table_format:…> took)."""
    if fmt == "xlsx":
        body = as_xlsx(header, rows, title=title, widths=widths)
    else:
        body = as_csv(header, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
