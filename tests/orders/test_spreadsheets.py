"""The one writer of tables as files (orders/spreadsheets.py): the same cells in CSV and
XLSX, empty for None and "", and never a formula."""

import csv
import datetime
import io
import tracemalloc
from decimal import Decimal

from django.http import StreamingHttpResponse

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
    assert read_csv(text.getvalue())[1][0] == "王秀英"


# Streaming: the same files, written as the rows are read --------------------------------


def test_csv_bytes_are_exactly_the_file_as_before():
    body = spreadsheets.as_csv(["名字", "金额"], [["王秀英", Decimal("1.50")], ["=1", None]])
    assert body == "\ufeff名字,金额\r\n王秀英,1.50\r\n'=1,\r\n".encode()


def test_csv_in_pieces_is_the_file_written_at_once():
    many = [[f"妈妈{n}", Decimal(n) / 4, n] for n in range(spreadsheets.CSV_CHUNK_ROWS * 3 + 7)]
    at_once = io.StringIO()
    csv.writer(at_once).writerows([["Name", "Amount", "N"], *many])

    pieces = list(spreadsheets.csv_chunks(["Name", "Amount", "N"], iter(many)))

    assert len(pieces) == 1 + 4  # the header, then a piece per CSV_CHUNK_ROWS rows
    assert b"".join(pieces) == at_once.getvalue().encode("utf-8-sig")


def _peak_bytes(write) -> int:
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _generated(count: int):
    return ([f"妈妈{n}", f"137{n:08d}", n, Decimal(n) / 4] for n in range(count))


def test_csv_of_100000_rows_keeps_memory_flat():
    # The whole file is ~3.5 MB (twice that as text first); the pieces are tens of KB.
    def write():
        for _piece in spreadsheets.csv_chunks(HEADER[:4], _generated(100_000)):
            pass

    assert _peak_bytes(write) < 2 * 2**20


def test_xlsx_is_written_row_by_row():
    # A workbook held in memory needs ~3 KB a row of this table; write-only mode ~nothing.
    def write():
        spreadsheets.xlsx_write(HEADER[:4], _generated(3_000), out=io.BytesIO(), title="t")

    assert _peak_bytes(write) < 2 * 2**20


def test_download_streams_both_formats():
    for fmt in ("csv", "xlsx"):
        response = spreadsheets.download(HEADER, iter(ROWS), fmt=fmt, filename="t", title="t")
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Disposition"] == 'attachment; filename="t"'
        assert response.getvalue()  # (a generator is read once, when sent)
