"""The federation overview's table as CSV or XLSX, headed in the reader's language: one row
per cooperative and the total; aggregates only, so no cell can name a mother."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from openpyxl import Workbook
from openpyxl.styles import Font

from orders.federation import Overview, Row
from orders.payout_exports import FORMULA_STARTS, XLSX_TYPE

__all__ = ["XLSX_TYPE", "as_csv", "as_xlsx", "filename", "header", "rows"]


def header() -> list[str]:
    return [
        pgettext("federation table", "Cooperative"),
        pgettext("federation table", "Mothers active"),
        pgettext("federation table", "Active mother-months"),
        pgettext("federation table", "Pieces accepted"),
        pgettext("federation table", "Earnings (¥)"),
        pgettext("federation table", "Earnings per active mother per month (¥)"),
        pgettext("federation table", "Orders due"),
        pgettext("federation table", "Orders on time"),
        pgettext("federation table", "On time (%)"),
    ]


def rows(overview: Overview) -> list[list]:
    return [_row(row) for row in [*overview.rows, overview.total]]


def _row(row: Row) -> list:
    name = row.cooperative.display_name if row.cooperative else _("All cooperatives")
    return [
        name,
        row.mothers,
        row.mother_months,
        row.pieces,
        row.earnings,
        row.per_mother_month,
        row.orders_due,
        row.orders_on_time,
        row.on_time_percent,
    ]


def filename(overview: Overview, extension: str) -> str:
    span = overview.span
    return f"federation-{span.start:%Y%m%d}-{span.end:%Y%m%d}.{extension}"


def as_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in table:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a cooperative's name is typed by people: never a formula
    return value


def as_xlsx(table: list[list], *, title: str) -> bytes:
    """One sheet: a bold, frozen header row; money as numbers with two decimals."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    sheet.column_dimensions["A"].width = 24
    for column in "BCDEFGHI":
        sheet.column_dimensions[column].width = 16
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
