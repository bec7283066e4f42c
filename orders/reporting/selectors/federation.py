"""The women's federation's overview: every cooperative's work over a range of China dates,
as aggregates only — no mother's name, phone or id leaves this module.

Four grouped queries whatever the data, read from the mother tallies (orders/models/
tallies.py): a range is its whole months' month rows and its partial months' day rows, so
each month of a mother's activity comes from exactly one grain. Who was active is read once,
as each active woman's months per cooperative (no id kept), and counted in Python every way
the page needs; Python otherwise walks only the cooperatives and the months of the range.

Definitions (the page states them too):

* A mother is **active** in a month when she had a handover received, or an earning or
  adjustment entry recorded, that month (Asia/Shanghai). Per cooperative she is one of its
  memberships; in the total she is one woman however many cooperatives she works for.
* **Pieces accepted** count the handovers received in the range, each by its current result
  (the latest of its correction chain).
* **Earnings** are earning and adjustment entries recorded in the range (payouts aside).
* **Earnings per active mother per month** = earnings ÷ active mother-months (each month a
  mother was active counts once): the federation's "each mother adds ¥X a month".
* **Orders on time** = orders due in the range (neither draft nor cancelled) that are completed
  and whose last accepted pieces were inspected on or before the due date ÷ orders due in the
  range.

These are the exact figures; what is shown is ``orders.reporting.cells.federation_overview``,
which merges or hides every figure that stands for fewer than three mothers.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain

from django.db.models import CharField, Count, F, Q, StringAgg, Sum, Value
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from marketplace.models import Cooperative
from marketplace.money import NO_MONEY, money_sum, round_fen
from orders.dates import DateRange, local_date, month_first
from orders.models import MotherTally, OrderStatus, ProductionOrder

# The default range: this month so far and the eleven before it.
DEFAULT_MONTHS = 12


def default_span(today: datetime.date | None = None) -> DateRange:
    today = today or timezone.localdate()
    return DateRange(month_first(today, 1 - DEFAULT_MONTHS), today)


def month_label(first: datetime.date) -> str:
    """ "YYYY-MM": how the overview names a month."""
    return f"{first:%Y-%m}"


@dataclass(frozen=True)
class Row:
    """One cooperative's figures, or those of several merged (``merged`` of them: "other
    cooperatives"), or the total's (``cooperative`` None). ``hidden``: too few mothers to
    show any figure (see ``orders.reporting.cells``)."""

    cooperative: Cooperative | None
    mothers: int
    mother_months: int
    pieces: int
    earnings: Decimal
    orders_due: int
    orders_on_time: int
    merged: int = 0
    hidden: bool = False

    @property
    def per_mother_month(self) -> Decimal | None:
        return round_fen(self.earnings / self.mother_months) if self.mother_months else None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.orders_on_time / self.orders_due) if self.orders_due else None


@dataclass(frozen=True)
class Month:
    label: str  # "YYYY-MM"
    mothers: int
    earnings: Decimal
    hidden: bool = False

    @property
    def per_mother(self) -> Decimal:
        return round_fen(self.earnings / self.mothers) if self.mothers else NO_MONEY


@dataclass(frozen=True)
class Activity:
    """Who was active in the range, without names or ids: for each woman, the months
    ("YYYY-MM") she was active in, per cooperative she was active for. Every count of active
    mothers, women and mother-months on the page (per cooperative, per month, the total, and
    the small cells' merges) is taken from this one read: counting them in SQL took a
    DISTINCT over the whole range's tallies per count, which dominated the overview at a
    city's size (bench/README.md)."""

    women: tuple[dict[int, frozenset[str]], ...] = ()

    def per_cooperative(self) -> dict[int, tuple[int, int]]:
        """Cooperative → (active mothers, active mother-months)."""
        counted: dict[int, tuple[int, int]] = {}
        for hers in self.women:
            for co, months in hers.items():
                mothers, mother_months = counted.get(co, (0, 0))
                counted[co] = (mothers + 1, mother_months + len(months))
        return counted

    def per_month(self) -> Counter[str]:
        """ "YYYY-MM" → women active that month, in any cooperative."""
        return Counter(chain.from_iterable(map(_months_of, self.women)))

    def women_active(
        self, *, cooperatives: Collection[int] | None = None, months: Collection[str] | None = None
    ) -> tuple[int, int]:
        """(Women, woman-months) active in ``cooperatives`` (or any) during the range, or only
        in its ``months`` when given: each woman once however many of the cooperatives she
        works for, as in the total."""
        if cooperatives is None and months is None:
            return len(self.women), sum(len(_months_of(hers)) for hers in self.women)
        women = woman_months = 0
        for hers in self.women:
            active = frozenset().union(
                *(held for co, held in hers.items() if cooperatives is None or co in cooperatives)
            )
            if months is not None:
                active &= frozenset(months)
            women += bool(active)
            woman_months += len(active)
        return women, woman_months


def _months_of(hers: dict[int, frozenset[str]]) -> frozenset[str]:
    """A woman's months in any of her cooperatives (most have one: no new set)."""
    if len(hers) == 1:
        return next(iter(hers.values()))
    return frozenset().union(*hers.values())


@dataclass(frozen=True)
class Overview:
    span: DateRange
    rows: list[Row]
    total: Row
    months: list[Month]
    others: Row | None = None
    # Who was active, for ``orders.reporting.cells`` to count the merged cells' women.
    activity: Activity = field(default_factory=Activity, compare=False, repr=False)


def federation_figures(span: DateRange) -> Overview:
    """Every cooperative's row, the total and the months, exact and unprotected: four
    queries. Pages and exports show ``orders.reporting.cells.federation_overview`` instead,
    which merges and hides the small cells."""
    activity = _activity(span)
    per_coop = activity.per_cooperative()
    per_month = activity.per_month()
    pieces, earnings, month_earnings = _sums(span)
    orders = _orders(span)
    rows = [
        Row(
            cooperative=coop,
            mothers=per_coop.get(coop.pk, (0, 0))[0],
            mother_months=per_coop.get(coop.pk, (0, 0))[1],
            pieces=pieces.get(coop.pk, 0),
            earnings=earnings.get(coop.pk, NO_MONEY),
            orders_due=orders.get(coop.pk, (0, 0))[0],
            orders_on_time=orders.get(coop.pk, (0, 0))[1],
        )
        for coop in Cooperative.objects.order_by("name", "pk")
    ]
    months = [
        Month(
            label=label,
            mothers=per_month.get(label, 0),
            earnings=month_earnings.get(label, NO_MONEY),
        )
        for label in map(month_label, span.months())
    ]
    total = Row(
        cooperative=None,
        mothers=activity.women_active()[0],
        mother_months=sum(month.mothers for month in months),
        pieces=sum(row.pieces for row in rows),
        earnings=sum((row.earnings for row in rows), NO_MONEY),
        orders_due=sum(row.orders_due for row in rows),
        orders_on_time=sum(row.orders_on_time for row in rows),
    )
    return Overview(span=span, rows=rows, total=total, months=months, activity=activity)


def _activity(span: DateRange) -> Activity:
    """One query: per membership with a handover or an earning or adjustment entry in the
    range, its woman, its cooperative and its months (each month of the range comes from one
    grain of the tallies; several day rows of a month are one month)."""
    rows = (
        MotherTally.objects.filter(span.tally_q(), Q(handed__gt=0) | Q(earned_entries__gt=0))
        .values("cooperative_id", woman=F("mother__user_id"))
        .annotate(months=StringAgg(Substr(Cast("month", CharField()), 1, 7), Value(",")))
        .order_by()
        .values_list("woman", "cooperative_id", "months")
    )
    women: dict[int, dict[int, frozenset[str]]] = {}
    for woman, co, months in rows:
        # "YYYY-MM" on both databases, once per tally row: the set keeps each month once.
        women.setdefault(woman, {})[co] = frozenset(months.split(","))
    return Activity(women=tuple(women.values()))


# Pieces, money and orders ----------------------------------------------------------------


def _sums(span: DateRange) -> tuple[dict[int, int], dict[int, Decimal], dict[str, Decimal]]:
    """Pieces accepted per cooperative, earnings recorded per cooperative and per month
    ("YYYY-MM"): one query, grouped by cooperative and month."""
    rows = (
        MotherTally.objects.filter(span.tally_q())
        .values("cooperative_id", "month")
        .annotate(pieces=Sum("accepted"), earned=money_sum(F("earning") + F("adjustment")))
        .order_by()
        .values_list("cooperative_id", "month", "pieces", "earned")
    )
    pieces = Counter()
    earnings, per_month = defaultdict(lambda: NO_MONEY), defaultdict(lambda: NO_MONEY)
    for co, month, accepted, earned in rows:
        pieces[co] += accepted
        earnings[co] += earned
        per_month[month_label(local_date(month))] += earned
    return pieces, earnings, per_month


def _orders(span: DateRange) -> dict[int, tuple[int, int]]:
    """Cooperative → (orders due in the range, of which on time: completed with no piece
    accepted after the due date, as each order keeps count)."""
    rows = (
        ProductionOrder.objects.filter(due_date__gte=span.start, due_date__lte=span.end)
        .exclude(status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED])
        .values("cooperative_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=OrderStatus.COMPLETED, accepted_late=0)),
        )
        .order_by()
    )
    return {row["cooperative_id"]: (row["due"], row["on_time"]) for row in rows}
