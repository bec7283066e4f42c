"""What went out with claims and came back, per mother and per production order, as tables
for orders/spreadsheets.py (CSV or XLSX), headed in the active language. Rows stream from the
database: a year of a cooperative's movements never sits in memory."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from marketplace.models import display_name_of
from orders.dates import DateRange
from orders.fairwork.selectors.materials import flows_by_mother, flows_by_order
from orders.models import MaterialUnit

ZERO = Decimal("0.000")


def _amounts(row: dict) -> list:
    issued, returned = -(row["issued"] or ZERO), row["returned"] or ZERO
    return [
        display_name_of(row["material__name"], row["material__name_en"]),
        str(MaterialUnit(row["material__unit"]).label),
        issued,
        returned,
        issued - returned,
    ]


def _amount_header() -> list[str]:
    return [_("Material"), _("Unit"), _("Issued"), _("Returned"), _("Still out")]


def mothers_table(*, cooperative, rng: DateRange) -> tuple[list[str], Iterator[list]]:
    header = [_("Mother"), _("Mobile phone"), *_amount_header()]
    rows = (
        [_full_name(row), row["claim__mother__user__username"], *_amounts(row)]
        for row in flows_by_mother(cooperative=cooperative, rng=rng).iterator()
    )
    return header, rows


def _full_name(row: dict) -> str:
    """Her name as Membership.person_name gives it, from a row of values."""
    first, last = row["claim__mother__user__first_name"], row["claim__mother__user__last_name"]
    return f"{first} {last}".strip() or row["claim__mother__user__username"]


def orders_table(*, cooperative, rng: DateRange) -> tuple[list[str], Iterator[list]]:
    header = [_("Order"), _("Product"), *_amount_header()]
    rows = (
        [
            row["claim__order_id"],
            display_name_of(
                row["claim__order__product__name"], row["claim__order__product__name_en"]
            ),
            *_amounts(row),
        ]
        for row in flows_by_order(cooperative=cooperative, rng=rng).iterator()
    )
    return header, rows


TABLES = {"mothers": mothers_table, "orders": orders_table}
