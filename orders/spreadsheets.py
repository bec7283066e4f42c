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

Rows may be any iterable, a generator included, and are read once: a download streams, so
memory stays flat whatever the number of rows. CSV goes out in chunks as it is written; XLSX
is written row by row (openpyxl's write-only mode) into a temporary file that is then sent
from disk — a zip cannot be sent before it is finished.
"""

import codecs
import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import islice
from typing import BinaryIO

from django.http import FileResponse, StreamingHttpResponse

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH = 16
# Rows per piece of a streamed CSV: pieces of some tens of kilobytes, few enough writes.
CSV_CHUNK_ROWS = 500


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


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file in pieces: the byte order mark and the header, then CSV_CHUNK_ROWS rows
    at a time. Joined, the pieces are the file ``as_csv`` returns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield codecs.BOM_UTF8 + _drain(buffer)
    rows = iter(rows)
    while chunk := list(islice(rows, CSV_CHUNK_ROWS)):
        writer.writerows([_csv_cell(value) for value in row] for row in chunk)
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def as_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def xlsx_write(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    out: BinaryIO,
    title: str,
    widths: Sequence[int] = (),
) -> None:
    """Write the table as XLSX into ``out``, one row at a time. ``widths``: of the first
    columns, in characters (the others are WIDTH wide)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # the longest name a sheet may have
    # Write-only: the columns' widths and the frozen pane before the first row.
    for index in range(1, len(header) + 1):
        width = widths[index - 1] if index <= len(widths) else WIDTH
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, value, font=bold) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(out)


def _xlsx_cell(sheet, value, *, font: Font | None = None) -> Cell | None:
    if value is None or value == "":
        return None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula (openpyxl takes one starting with = for one)
    elif isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if font:
        cell.font = font
    return cell


def as_xlsx(
    header: Sequence[str], rows: Iterable[Sequence], *, title: str, widths: Sequence[int] = ()
) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(header, rows, out=buffer, title=title, widths=widths)
    return buffer.getvalue()


def download(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    fmt: str,
    filename: str,
    title: str,
    widths: Sequence[int] = (),
) -> StreamingHttpResponse:
    """The table as an attachment named ``filename``, in ``fmt``: "csv" or "xlsx" (what the
    address's <table_format:…> took), streamed. Whatever may fail (a lookup, a bad range)
    must be done before: once streaming, the status has been sent."""
    if fmt == "xlsx":
        # The response closes the file once sent, and a temporary file is then deleted.
        file = tempfile.TemporaryFile()  # noqa: SIM115
        xlsx_write(header, rows, out=file, title=title, widths=widths)
        file.seek(0)
        response = FileResponse(file, content_type=CONTENT_TYPES[fmt])
    else:
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
