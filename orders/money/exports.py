"""A payout run as a payroll file (CSV or XLSX): one row per payout, with what a bank's or
a payroll service's bulk upload needs, headed in the coordinator's language.

Text cells that a spreadsheet would read as a formula (=, +, -, @ …) are kept as text: a
name typed as "=HYPERLINK(…)" must not run when the file is opened.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import pgettext

from openpyxl import Workbook
from openpyxl.styles import Font

from orders.models import Payout, PayoutRun, Rail

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (6, 14, 14, 14, 20, 14, 24, 12, 8, 22, 10, 28)


def header() -> list[str]:
    """The column names in the active language (序号, 姓名, 手机号 … in Chinese)."""
    return [
        pgettext("payroll file", "No."),
        pgettext("payroll file", "Name"),
        pgettext("payroll file", "Mobile phone"),
        pgettext("payroll file", "Paid by"),
        pgettext("payroll file", "Bank"),
        pgettext("payroll file", "Account holder"),
        pgettext("payroll file", "Account or payee ID"),
        pgettext("payroll file", "Amount"),
        pgettext("payroll file", "Currency"),
        pgettext("payroll file", "Payout number"),
        pgettext("payroll file", "Status"),
        pgettext("payroll file", "Payment reference"),
    ]


def rows(payouts: Iterable[Payout]) -> list[list]:
    """One row per payout (fetched with ``way`` and ``mother__user``), numbered from 1."""
    return [
        [
            number,
            payout.mother.user.get_full_name() or payout.mother.user.username,
            payout.mother.user.username,
            payout.way,
            payout.bank_name,
            payout.account_name,
            payout.destination if payout.rail == Rail.STRIPE else payout.account_number,
            payout.amount,
            payout.currency,
            payout.idempotency_key,
            payout.get_status_display(),
            payout.reference or payout.transfer_id,
        ]
        for number, payout in enumerate(payouts, start=1)
    ]


def filename(run: PayoutRun, extension: str) -> str:
    return f"payout-run-{run.pk}.{extension}"


def as_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in table:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_xlsx(table: list[list], *, title: str) -> bytes:
    """One sheet: a bold, frozen header row; amounts as numbers with two decimals; every
    other cell as text (phone and account numbers keep their digits)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([None if value == "" else value for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
