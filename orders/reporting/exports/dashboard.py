"""The dashboard's tables as CSV (UTF-8 with a BOM) and XLSX, headed in the active language.

Each ``*_table`` returns ``(header, rows)`` from the same figures the page shows, so a file
and the page never disagree; orders/spreadsheets.py writes them.
"""

import datetime

from django.utils.translation import gettext as _

from orders.reporting.rates import percent
from orders.reporting.selectors import dashboard


def state_label(state: str) -> str:
    return {
        "completed": _("Completed"),
        "overdue": _("Overdue"),
        "at_risk": _("At risk"),
        "on_track": _("On track"),
    }[state]


def orders_table(*, cooperative, rng, today: datetime.date) -> tuple[list[str], list[list]]:
    header = [
        _("Order"),
        _("Product"),
        _("Quantity"),
        _("Claimed"),
        _("Handed over"),
        _("Accepted"),
        _("Rejected"),
        _("Remaining"),
        _("Due date"),
        _("State"),
    ]
    rows = [
        [
            row.order.pk,
            row.order.product.display_name,
            row.order.quantity,
            row.order.claimed,
            row.handed,
            row.accepted,
            row.rejected,
            row.remaining,
            row.order.due_date,
            state_label(row.state(today)),
        ]
        for row in dashboard.order_rows(cooperative=cooperative, rng=rng)
    ]
    return header, rows


def mothers_table(*, cooperative, rng, sort: str = "name") -> tuple[list[str], list[list]]:
    header = [
        _("Mother"),
        _("Mobile phone"),
        _("Pieces accepted"),
        _("Acceptance rate (%)"),
        _("On-time rate (%)"),
        _("Earned"),
        _("Paid"),
        _("Balance"),
        _("Active days"),
    ]
    rows = [
        [
            row.name,
            row.mother.user.username,
            row.accepted,
            percent(row.accepted, row.inspected),
            percent(row.on_time, row.handed),
            row.earned,
            row.paid,
            row.balance,
            row.active_days,
        ]
        for row in dashboard.mother_rows(cooperative=cooperative, rng=rng, sort=sort)
    ]
    return header, rows


def rejections_table(*, cooperative, rng) -> tuple[list[str], list[list]]:
    header = [_("Reason"), _("Code"), _("Pieces rejected")]
    reasons = dashboard.rejections_by_reason(cooperative=cooperative, rng=rng)
    return header, [[r.display_name, r.code, r.pieces] for r in reasons]


def products_table(*, cooperative, rng) -> tuple[list[str], list[list]]:
    header = [_("Product"), _("Pieces inspected"), _("Pieces rejected"), _("Rejection rate (%)")]
    products = dashboard.rejections_by_product(cooperative=cooperative, rng=rng)
    return header, [
        [p.display_name, p.inspected, p.rejected, percent(p.rejected, p.inspected)]
        for p in products
    ]


def weeks_table(*, cooperative, rng) -> tuple[list[str], list[list]]:
    header = [_("Week of"), _("Pieces inspected"), _("Pieces accepted"), _("Pieces rejected")]
    weeks = dashboard.quality_weeks(cooperative=cooperative, rng=rng)
    return header, [
        [week, inspected, accepted, rejected] for week, inspected, rejected, accepted in weeks
    ]


def money_table(*, cooperative, rng) -> tuple[list[str], list[list]]:
    header = [
        _("Month"),
        _("Earned"),
        _("Paid"),
        _("Active mothers"),
        _("Average earnings per active mother"),
        _("Revenue from purchases"),
    ]
    months = dashboard.money_months(cooperative=cooperative, rng=rng)
    return header, [
        [m.month.strftime("%Y-%m"), m.earned, m.paid, m.active, m.per_mother, m.revenue]
        for m in months
    ]


def mother_weeks_table(*, mother, rng) -> tuple[list[str], list[list]]:
    header = [_("Week of"), _("Pieces accepted"), _("Pieces rejected")]
    weeks = dashboard.mother_weeks(mother=mother, rng=rng)
    return header, [[week, accepted, rejected] for week, accepted, rejected in weeks]


def mother_months_table(*, mother, rng) -> tuple[list[str], list[list]]:
    header = [_("Month"), _("Earned"), _("Paid")]
    months = dashboard.mother_months(mother=mother, rng=rng)
    return header, [[month.strftime("%Y-%m"), earned, paid] for month, earned, paid in months]


MOTHER_TABLES = {"weeks": mother_weeks_table, "months": mother_months_table}
