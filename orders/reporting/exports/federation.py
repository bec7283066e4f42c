"""The federation overview's table as CSV or XLSX, headed in the reader's language: one row
per cooperative shown, "Other cooperatives" (those merged because they have too few mothers)
and the total; aggregates only, so no cell can name a mother. A row with too few mothers has
empty figures and says why in its note. orders/spreadsheets.py writes it."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from orders.reporting.cells import SMALLEST_GROUP
from orders.reporting.selectors.federation import Overview, Row

# The cooperative's name, the figures, and the note (which may be long).
WIDTHS = (24, *[16] * 8, 48)


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
        pgettext("federation table", "Note"),
    ]


def rows(overview: Overview) -> list[list]:
    others = [overview.others] if overview.others else []
    return [_row(row) for row in [*overview.rows, *others, overview.total]]


def _row(row: Row) -> list:
    name, note = _name(row), merged_note(row)
    if row.hidden:
        return [name, *[None] * 8, hidden_note()]
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
        note or None,
    ]


def _name(row: Row) -> str:
    if row.cooperative:
        return row.cooperative.display_name
    return _("Other cooperatives") if row.merged else _("All cooperatives")


def merged_note(row: Row) -> str:
    if not row.merged:
        return ""
    return ngettext(
        "%(count)s cooperative together, so that none with fewer than %(smallest)s active "
        "mothers is shown on its own",
        "%(count)s cooperatives together, so that none with fewer than %(smallest)s active "
        "mothers is shown on its own",
        row.merged,
    ) % {"count": row.merged, "smallest": SMALLEST_GROUP}


def hidden_note() -> str:
    return _("Fewer than %(smallest)s mothers: not shown") % {"smallest": SMALLEST_GROUP}


def filename(overview: Overview, extension: str) -> str:
    span = overview.span
    return f"federation-{span.start:%Y%m%d}-{span.end:%Y%m%d}.{extension}"
