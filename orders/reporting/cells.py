"""Small cells in the federation overview: no figure it shows stands for fewer than three
mothers. With one, a cooperative's earnings would be her pay; with two, each could subtract
her own and read the other's.

The rule, as statistical offices protect tables of earnings (primary, then secondary
suppression):

1. A cooperative with one or two active mothers in the range has no row of its own: it is
   counted in "Other cooperatives" (and in the total). One with none shows its zeros: they
   reveal no one.
2. The total covers every cooperative, so the total minus the rows shown *is* "Other
   cooperatives": that row is safe only if it stands for three women or more. When the merged
   cooperatives have fewer (a woman working for two of them counts once), the smallest
   cooperative still shown is merged too; it has three or more, so the row then has as well.
   Merging keeps every figure true and the rows adding up to the total, where hiding the row
   and showing the total would give it away by a subtraction.
3. Only when the whole federation has fewer than three active women is nothing left to merge
   with: then neither "Other cooperatives" nor the total shows a figure.
4. Months cannot be merged into one another: a month with one or two active women shows no
   figure (and no bar), and when the months hidden together have fewer than three women, the
   smallest month shown is hidden too, for the same subtraction from the total.

This protects each table against its own total. A reader who may choose any range can still
subtract one answer from another (two ranges a day apart differ by that day's work; one
month's cooperatives, asked separately, tell which of them a hidden month holds): no
suppression within a table prevents that. Whole-month ranges would narrow it, and only noise
(differential privacy) closes it; the federation's readers are a few trusted people with a
permission, and this keeps a forwarded spreadsheet from giving a mother's pay away.
"""

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from marketplace.money import NO_MONEY
from orders.dates import DateRange
from orders.reporting.selectors.federation import Month, Overview, Row, federation_figures

# The fewest mothers a figure may stand for.
SMALLEST_GROUP = 3


def federation_overview(span: DateRange) -> Overview:
    """The overview as shown: ``federation_figures`` with its small cells merged or hidden
    (no more queries: the merged cells' women are counted from the figures' activity)."""
    figures = federation_figures(span)
    rows, others = _cooperatives(figures)
    return replace(
        figures,
        rows=rows,
        others=others,
        total=replace(figures.total, hidden=too_few(figures.total.mothers)),
        months=_months(figures),
    )


def too_few(mothers: int) -> bool:
    """Some mothers, but fewer than a figure may stand for."""
    return 0 < mothers < SMALLEST_GROUP


def cells_to_hide[Cell: (Row, Month)](
    cells: Sequence[Cell], *, women_in: Callable[[Sequence[Cell]], int]
) -> list[Cell]:
    """The cells with too few mothers, and, when together they still stand for fewer than
    ``SMALLEST_GROUP`` women, the smallest of the others as well (the first of equals)."""
    small = [cell for cell in cells if too_few(cell.mothers)]
    if not small or women_in(small) >= SMALLEST_GROUP:
        return small
    shown = [cell for cell in cells if cell.mothers >= SMALLEST_GROUP]
    return small + sorted(shown, key=lambda cell: cell.mothers)[:1]


def _cooperatives(figures: Overview) -> tuple[list[Row], Row | None]:
    """The rows shown, and "Other cooperatives" when any is merged."""

    @cache
    def women(cooperatives: tuple[int, ...]) -> tuple[int, int]:
        return figures.activity.women_active(cooperatives=cooperatives)

    def key(rows: Sequence[Row]) -> tuple[int, ...]:
        return tuple(row.cooperative.pk for row in rows)

    merged = cells_to_hide(figures.rows, women_in=lambda rows: women(key(rows))[0])
    if not merged:
        return figures.rows, None
    return [row for row in figures.rows if row not in merged], _merged(merged, women(key(merged)))


def _merged(rows: list[Row], women: tuple[int, int]) -> Row:
    """One row for ``rows``, its women counted once each, as in the total."""
    mothers, mother_months = women
    return Row(
        cooperative=None,
        mothers=mothers,
        mother_months=mother_months,
        pieces=sum(row.pieces for row in rows),
        earnings=sum((row.earnings for row in rows), NO_MONEY),  # each to the fen
        orders_due=sum(row.orders_due for row in rows),
        orders_on_time=sum(row.orders_on_time for row in rows),
        merged=len(rows),
        hidden=mothers < SMALLEST_GROUP,
    )


def _months(figures: Overview) -> list[Month]:
    def women(months: Sequence[Month]) -> int:
        return figures.activity.women_active(months=[month.label for month in months])[0]

    hidden = {month.label for month in cells_to_hide(figures.months, women_in=women)}
    return [replace(month, hidden=month.label in hidden) for month in figures.months]
