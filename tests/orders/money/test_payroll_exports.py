"""A payout run's payroll files at /co/payouts/<id>/export/<csv|xlsx>: a row per payout with
what payroll needs, UTF-8 CSV that parses back, XLSX, names that look like formulas kept as
text, headers in the active language.

Money is made through the services only; Stripe is never called (a stand-in answers for
``stripe_gateway.transfer_create``). Pages are read in English (/en/).
"""

import csv
import io
from decimal import Decimal

from django.urls import reverse

import openpyxl
import pytest

from orders.money.services.payouts import run_start
from tests.orders.money_world import earning_mother, payout_of
from tests.pages import en

# The payroll files ----------------------------------------------------------------------

HEADER = [
    "No.",
    "Name",
    "Mobile phone",
    "Paid by",
    "Bank",
    "Account holder",
    "Account or payee ID",
    "Amount",
    "Currency",
    "Payout number",
    "Status",
    "Payment reference",
]


def _expected_rows(run, mothers) -> list[list]:
    """By hand: the preview's order (张敏, 李红, 王秀兰 by name), 王秀兰 paid offline."""
    zhang, li, wang = (payout_of(run, m) for m in (mothers.zhang, mothers.li, mothers.wang))
    return [
        [1, "张敏", mothers.zhang.user.username, "Cash", None, None, None, Decimal("35.00"),
         "CNY", f"mamagang-payout-{zhang.pk}", "Pending", None],
        [2, "李红", mothers.li.user.username, "Stripe transfer", None, None, "acct_li",
         Decimal("70.00"), "CNY", f"mamagang-payout-{li.pk}", "Paid",
         f"tr_mamagang-payout-{li.pk}"],
        [3, "王秀兰", mothers.wang.user.username, "Bank transfer", "农业银行莱西支行", "王秀兰",
         "6228480000000001", Decimal("140.00"), "CNY", f"mamagang-payout-{wang.pk}", "Paid",
         "BANK-0001"],
    ]  # fmt: skip


@pytest.fixture
def settled(coordinator_client, run, mothers):
    wang = payout_of(run, mothers.wang)
    coordinator_client.post(
        en("co_payout_paid", run.pk, wang.pk), {f"p{wang.pk}-reference": "BANK-0001"}
    )
    return run


def test_xlsx_export_has_a_row_per_payout_with_what_payroll_needs(
    coordinator_client, settled, mothers
):
    response = coordinator_client.get(en("co_payout_export", settled.pk, "xlsx"))

    assert response.status_code == 200
    assert response.streaming  # written from disk, not held in memory
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="payout-run-{settled.pk}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    for row in rows[1:]:
        row[7] = Decimal(str(row[7])).quantize(Decimal("0.01"))
    assert rows[1:] == _expected_rows(settled, mothers)
    assert sheet["H2"].number_format == "0.00"
    assert sheet["C2"].data_type == "s"  # the phone number stays text


def test_csv_export_is_utf8_with_a_bom_and_parses_back(coordinator_client, settled, mothers):
    response = coordinator_client.get(en("co_payout_export", settled.pk, "csv"))

    assert response.status_code == 200
    assert response.streaming  # rows written as the payouts are read
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="payout-run-{settled.pk}.csv"'
    body = response.getvalue()  # a streamed file: read once
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    expected = [
        ["" if v is None else (f"{v:.2f}" if isinstance(v, Decimal) else str(v)) for v in row]
        for row in _expected_rows(settled, mothers)
    ]
    assert rows[1:] == expected


def test_exports_keep_a_name_that_looks_like_a_formula_as_text(
    coordinator_client, cooperative, order, coordinator, transfers
):
    sly = earning_mother(order, accepted=1, actor=coordinator.user, name='=HYPERLINK("x")')
    run = run_start(cooperative=cooperative, actor=coordinator.user)

    xlsx = coordinator_client.get(en("co_payout_export", run.pk, "xlsx"))
    csv_response = coordinator_client.get(en("co_payout_export", run.pk, "csv"))
    text = csv_response.getvalue().decode("utf-8-sig")

    cell = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).active["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
    assert list(csv.reader(io.StringIO(text)))[1][1] == "'" + sly.user.first_name


def test_export_header_follows_the_active_language(coordinator_client, settled):
    response = coordinator_client.get(
        reverse("co_payout_export", args=[settled.pk, "csv"])
    )  # Chinese

    assert response.status_code == 200
    assert len(next(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))) == 12


def test_an_unknown_export_format_is_not_found(coordinator_client, run):
    assert coordinator_client.get(en("co_payout_run", run.pk) + "export.pdf").status_code == 404
