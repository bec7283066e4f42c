"""The federation's view of fair rates: per cooperative, of the orders published in a range,
the share (of orders and of pieces) whose piece rate paid at least the hourly minimum wage at
its standard time, and how many were published below it with a written reason.

Orders are counted by the day they were published (China date), whatever became of them
after (a cancelled order was still offered at its rate). Orders published without a
standard time or a minimum to check against are counted apart as "not checked". These are
figures about orders, not about any mother, so no small-cell rule applies.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from marketplace.models import display_name_of
from orders.dates import DateRange
from orders.models import ProductionOrder

CHECKED = Q(pays_minimum__isnull=False)
PAYING = Q(pays_minimum=True)


@dataclass(frozen=True)
class FairRateRow:
    name: str
    orders_checked: int = 0
    orders_paying: int = 0
    pieces_checked: int = 0
    pieces_paying: int = 0
    orders_unchecked: int = 0

    @property
    def orders_below(self) -> int:
        return self.orders_checked - self.orders_paying

    @property
    def orders_percent(self) -> int | None:
        return _percent(self.orders_paying, self.orders_checked)

    @property
    def pieces_percent(self) -> int | None:
        return _percent(self.pieces_paying, self.pieces_checked)


@dataclass(frozen=True)
class FairRates:
    rows: list[FairRateRow]
    total: FairRateRow


def _percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded down (99.6 % is not yet all of them); None of nothing."""
    return part * 100 // whole if whole else None


def fair_rates_overview(span: DateRange) -> FairRates:
    """Every cooperative that published an order in ``span``, by name; one query."""
    figures = (
        ProductionOrder.objects.filter(span.q("published_at"))
        .values("cooperative_id", "cooperative__name", "cooperative__name_en")
        .annotate(
            orders_checked=Count("pk", filter=CHECKED),
            orders_paying=Count("pk", filter=PAYING),
            pieces_checked=Sum("quantity", filter=CHECKED, default=0),
            pieces_paying=Sum("quantity", filter=PAYING, default=0),
            orders_unchecked=Count("pk", filter=~CHECKED),
        )
        .order_by("cooperative__name", "cooperative_id")
    )
    rows = [_row(figure) for figure in figures]
    return FairRates(rows=rows, total=_sum(rows))


def _row(figure: dict) -> FairRateRow:
    name = display_name_of(figure.pop("cooperative__name"), figure.pop("cooperative__name_en"))
    del figure["cooperative_id"]
    return FairRateRow(name, **figure)


def _sum(rows: list[FairRateRow]) -> FairRateRow:
    fields = ("orders_checked", "orders_paying", "pieces_checked", "pieces_paying")
    totals = {name: sum(getattr(row, name) for row in rows) for name in fields}
    unchecked = sum(row.orders_unchecked for row in rows)
    return FairRateRow("", **totals, orders_unchecked=unchecked)
