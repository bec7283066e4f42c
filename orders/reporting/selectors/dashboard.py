"""The coordinator dashboard's figures for one cooperative over a range of China dates.

Every figure is read from the tallies (orders/models/tallies.py): a range is its whole
months' month rows and its partial months' day rows (``DateRange.tally_q``), so a year is a
dozen rows per key; weeks, which cross months, are summed from day rows. Every function is a
fixed number of grouped queries, the same for ten handovers or three hundred thousand; Python
only fills in the weeks and months and divides the grouped results. The same figures computed
from the raw records are tests/orders/reporting/raw_figures.py, proven equal by
tests/orders/reporting/test_figures_match.py.

Definitions (the page states them too):

* Pieces handed over, accepted and rejected in a range count the handovers **received** in it
  (Asia/Shanghai dates), each by its current result — the latest of its correction chain.
* An order is listed when it was created before the range ends, is neither a draft nor
  cancelled, and is due on or after the range starts or is still unfinished.
* Order state, as of today: completed (all accepted), overdue (due date passed, not all
  accepted), at risk (the pace of handovers so far — pieces handed over since the order was
  created ÷ days elapsed — projected to the due date falls short of the quantity), on track.
* Earnings are earning and adjustment entries; paid is −(payout + reversal) entries; the
  balance sums every entry up to the end of the range.
* An active mother in a month has a handover received that month with pieces accepted, or a
  positive earning or adjustment entry that month. Average monthly earnings per active mother:
  for each month the month's earnings ÷ its active mothers; the headline is the range's
  earnings ÷ its active mother-months (a mother active in two months counts twice) — the
  same formula as the federation overview.
* Revenue: the cooperative's paid purchase lines, unit price × quantity − refunded, by the
  month the purchase was paid.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from marketplace.models import Cooperative, LineStatus, Membership, Product, PurchaseLine, Role
from marketplace.money import MONEY, NO_MONEY, ZERO, money_sum, round_fen
from orders.dates import DateRange, local_date
from orders.models import (
    Grain,
    MotherTally,
    OrderStatus,
    ProductionOrder,
    RejectionReason,
    RejectionTally,
    WorkTally,
)

# The earliest day any balance counts from (no record is older: payslips start in 2000).
BEGINNING = datetime.date(2000, 1, 1)
EARNED = F("earning") + F("adjustment")
PAID = F("payout") + F("reversal")
ALL_ENTRIES = EARNED + PAID


def _count(field: str, rows: Q | None = None):
    """The sum of a count column (of the ``rows`` kept), 0 when none."""
    return Coalesce(Sum(field, filter=rows), 0)


def balance_q(rng: DateRange, prefix: str = "") -> Q:
    """The tally rows of every entry recorded up to the end of the range."""
    return DateRange(min(BEGINNING, rng.start), rng.end).tally_q(prefix)


def _by_week(days: QuerySet, rng: DateRange, fields: tuple[str, ...]) -> list[tuple]:
    """(Monday, *sums) for each week of the range, from day rows grouped by ``day``: weeks
    cross months, so only day rows add up to them."""
    weeks = {monday: [0] * len(fields) for monday in rng.weeks()}
    for row in days:
        day = local_date(row["day"])
        sums = weeks[day - datetime.timedelta(days=day.weekday())]
        for i, name in enumerate(fields):
            sums[i] += row[name]
    return [(monday, *sums) for monday, sums in weeks.items()]


def _day_rows(rng: DateRange) -> Q:
    return Q(grain=Grain.DAY, day__range=(rng.start, rng.end))


# Production orders ---------------------------------------------------------------------


@dataclass
class OrderRow:
    order: ProductionOrder
    handed: int
    accepted: int
    rejected: int
    handed_ever: int

    @property
    def remaining(self) -> int:
        return self.order.quantity - self.order.accepted

    def state(self, today: datetime.date) -> str:
        order = self.order
        if order.accepted >= order.quantity or order.status == OrderStatus.COMPLETED:
            return "completed"
        if order.due_date < today:
            return "overdue"
        elapsed = max((today - timezone.localtime(order.created_at).date()).days, 1)
        projected = self.handed_ever + self.handed_ever / elapsed * (order.due_date - today).days
        return "at_risk" if projected < order.quantity else "on_track"


def order_rows(*, cooperative: Cooperative, rng: DateRange) -> list[OrderRow]:
    """Two queries: the orders of the range, then one GROUP BY over their work tallies (the
    range's rows, and every month row for the pieces handed over ever)."""
    orders = list(
        ProductionOrder.objects.filter(cooperative=cooperative, created_at__lt=rng.end_at)
        .exclude(status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED])
        .filter(Q(due_date__gte=rng.start) | Q(accepted__lt=F("quantity")))
        .select_related("product")
        .order_by("due_date", "pk")
    )
    in_range, ever = rng.tally_q(), Q(grain=Grain.MONTH)
    totals = {
        order_id: figures
        for order_id, *figures in WorkTally.objects.filter(
            in_range | ever, order__in=[o.pk for o in orders]
        )
        .values("order_id")
        .annotate(
            handed_in=_count("handed", in_range),
            accepted_in=_count("accepted", in_range),
            rejected_in=_count("rejected", in_range),
            handed_ever=_count("handed", ever),
        )
        .values_list("order_id", "handed_in", "accepted_in", "rejected_in", "handed_ever")
        .order_by()
    }
    return [OrderRow(order, *totals.get(order.pk, (0, 0, 0, 0))) for order in orders]


# Mothers -------------------------------------------------------------------------------

MOTHER_SORTS = {
    "name": lambda row: row.name.casefold(),
    "accepted": lambda row: row.accepted,
    "acceptance": lambda row: row.acceptance_rate if row.acceptance_rate is not None else -1,
    "on_time": lambda row: row.on_time_rate if row.on_time_rate is not None else -1,
    "earned": lambda row: row.earned,
    "paid": lambda row: row.paid,
    "balance": lambda row: row.balance,
    "days": lambda row: row.active_days,
}


@dataclass
class MotherRow:
    mother: Membership
    accepted: int
    inspected: int
    handed: int
    on_time: int
    earned: Decimal
    paid: Decimal
    balance: Decimal
    active_days: int

    @property
    def name(self) -> str:
        return self.mother.person_name

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.inspected if self.inspected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.handed if self.handed else None


def mothers_of(cooperative: Cooperative) -> QuerySet:
    """The cooperative's mothers (former ones too: their history stays hers)."""
    return Membership.objects.filter(cooperative=cooperative, role=Role.MOTHER)


# A mother's figures, in the order both halves of _mother_figures select them (named apart
# from the tallies' columns, which an aggregate may not shadow).
MOTHER_FIGURES = tuple(
    f"{name}_in"
    for name in ("accepted", "inspected", "handed", "on_time", "earned", "paid", "balance", "days")
)


def _mother_figures(cooperative: Cooperative, rng: DateRange) -> dict[int, list]:
    """Mother pk → her figures (MOTHER_FIGURES), in one query: her work tallies grouped by
    mother UNION ALL her mother tallies grouped by mother (each half zero where the other
    counts), added up per mother here."""
    in_range, none, no_money = rng.tally_q(), Value(0), ZERO
    work = (
        WorkTally.objects.filter(in_range, cooperative=cooperative)
        .values("mother_id")
        .annotate(
            accepted_in=_count("accepted"),
            inspected_in=_count("inspected"),
            handed_in=_count("handed"),
            on_time_in=_count("on_time"),
            earned_in=no_money,
            paid_in=no_money,
            balance_in=no_money,
            days_in=none,
        )
        .values_list("mother_id", *MOTHER_FIGURES)
        .order_by()
    )
    money = (
        MotherTally.objects.filter(in_range | balance_q(rng), cooperative=cooperative)
        .values("mother_id")
        .annotate(
            accepted_in=none,
            inspected_in=none,
            handed_in=none,
            on_time_in=none,
            earned_in=money_sum(EARNED, filter=in_range),
            paid_in=-money_sum(PAID, filter=in_range),
            balance_in=money_sum(ALL_ENTRIES, filter=balance_q(rng)),
            days_in=_count("handover_days", in_range),
        )
        .values_list("mother_id", *MOTHER_FIGURES)
        .order_by()
    )
    figures: dict[int, list] = defaultdict(lambda: [0] * 4 + [NO_MONEY] * 3 + [0])
    for mother_id, *values in work.union(money, all=True):
        figures[mother_id] = [a + b for a, b in zip(figures[mother_id], values, strict=True)]
    return figures


def mother_rows(*, cooperative: Cooperative, rng: DateRange, sort: str = "name") -> list[MotherRow]:
    """Two queries: every mother of the cooperative, and her figures for the range from the
    tallies (no query per mother); ``sort`` is a key of MOTHER_SORTS, ``-`` first for
    descending (anything else sorts by name)."""
    figures = _mother_figures(cooperative, rng)
    rows = [MotherRow(m, *figures[m.pk]) for m in mothers_of(cooperative).select_related("user")]
    return sort_mothers(rows, sort)


def sort_mothers(rows: list[MotherRow], sort: str) -> list[MotherRow]:
    key = sort.removeprefix("-")
    if key not in MOTHER_SORTS:
        key, sort = "name", "name"
    rows = sorted(rows, key=lambda row: (row.name.casefold(), row.mother.pk))
    return sorted(rows, key=MOTHER_SORTS[key], reverse=sort.startswith("-"))


def mother_weeks(*, mother: Membership, rng: DateRange) -> list[tuple[datetime.date, int, int]]:
    """One query: (Monday, pieces accepted, pieces rejected) for each week of the range, by
    handovers received, current results."""
    days = (
        WorkTally.objects.filter(_day_rows(rng), mother=mother)
        .values("day")
        .annotate(accepted_in=Sum("accepted"), rejected_in=Sum("rejected"))
        .order_by()
    )
    return _by_week(days, rng, ("accepted_in", "rejected_in"))


def mother_months(
    *, mother: Membership, rng: DateRange
) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """One query: (first of month, earned, paid) for each month of the range."""
    grouped = _money_by_month(MotherTally.objects.filter(mother=mother), rng)
    return [(month, *grouped.get(month, (NO_MONEY, NO_MONEY, 0))[:2]) for month in rng.months()]


def _money_by_month(tallies: QuerySet, rng: DateRange) -> dict:
    """First of month → (earned, paid, active mothers) of the range's ``tallies``."""
    grouped = (
        tallies.filter(rng.tally_q())
        .values("month")
        .annotate(
            earned=money_sum(EARNED),
            paid=-money_sum(PAID),
            active=Count("mother", distinct=True, filter=Q(accepted__gt=0) | Q(credits__gt=0)),
        )
        .order_by()
    )
    return {local_date(g["month"]): (g["earned"], g["paid"], g["active"]) for g in grouped}


# Quality -------------------------------------------------------------------------------


def rejections_by_reason(*, cooperative: Cooperative, rng: DateRange) -> list[RejectionReason]:
    """One query: the cooperative's reasons with ``pieces`` rejected for each, most first
    (a sum over each reason's rejection tallies in the range; a cooperative has a few)."""
    counted = (
        RejectionTally.objects.filter(rng.tally_q(), cooperative=cooperative, reason=OuterRef("pk"))
        .values("reason")
        .annotate(total=Sum("pieces"))
        .values("total")
    )
    return list(
        RejectionReason.objects.filter(cooperative=cooperative)
        .annotate(pieces=Coalesce(Subquery(counted), 0))
        .filter(pieces__gt=0)
        .order_by("-pieces", "sort_order", "pk")
    )


def rejections_by_product(*, cooperative: Cooperative, rng: DateRange) -> list[Product]:
    """Two queries: pieces ``inspected`` and ``rejected`` per product in the range (one
    GROUP BY over the work tallies), then the products themselves."""
    grouped = (
        WorkTally.objects.filter(rng.tally_q(), cooperative=cooperative)
        .values("order__product")
        .annotate(inspected_in=Sum("inspected"), rejected_in=Sum("rejected"))
        .filter(inspected_in__gt=0)
        .order_by()
    )
    totals = {row["order__product"]: row for row in grouped}
    products = Product.objects.in_bulk(list(totals))
    for pk, row in totals.items():
        products[pk].inspected, products[pk].rejected = row["inspected_in"], row["rejected_in"]
    return sorted(products.values(), key=lambda product: (-product.rejected, product.pk))


def quality_weeks(
    *, cooperative: Cooperative, rng: DateRange
) -> list[tuple[datetime.date, int, int]]:
    """One query: (Monday, pieces inspected, pieces rejected, pieces accepted) for each week
    of the range."""
    days = (
        WorkTally.objects.filter(_day_rows(rng), cooperative=cooperative)
        .values("day")
        .annotate(
            inspected_in=Sum("inspected"), rejected_in=Sum("rejected"), accepted_in=Sum("accepted")
        )
        .order_by()
    )
    return _by_week(days, rng, ("inspected_in", "rejected_in", "accepted_in"))


# Money ---------------------------------------------------------------------------------


@dataclass
class MonthRow:
    month: datetime.date
    earned: Decimal
    paid: Decimal
    active: int
    revenue: Decimal

    @property
    def per_mother(self) -> Decimal | None:
        return round_fen(self.earned / self.active) if self.active else None


def money_months(*, cooperative: Cooperative, rng: DateRange) -> list[MonthRow]:
    """Two queries: earned, paid and active mothers per month from the mother tallies, and
    revenue."""
    money = _money_by_month(MotherTally.objects.filter(cooperative=cooperative), rng)
    revenue = _revenue(cooperative, rng)
    return [
        MonthRow(
            month,
            *money.get(month, (NO_MONEY, NO_MONEY, 0)),
            revenue.get(month, NO_MONEY),
        )
        for month in rng.months()
    ]


def _revenue(cooperative: Cooperative, rng: DateRange) -> dict[datetime.date, Decimal]:
    net = ExpressionWrapper(
        F("unit_price") * F("quantity") - F("refunded_amount"), output_field=MONEY
    )
    grouped = (
        PurchaseLine.objects.filter(rng.q("purchase__paid_at"), cooperative=cooperative)
        .exclude(status=LineStatus.AWAITING_PAYMENT)
        .annotate(month=TruncMonth("purchase__paid_at"))
        .values("month")
        .annotate(total=Sum(net))
    )
    return {local_date(g["month"]): g["total"] for g in grouped}


def headline(months: list[MonthRow]) -> Decimal | None:
    """Earnings ÷ active mother-months over the range (the federation's figure, too)."""
    mother_months = sum(row.active for row in months)
    if not mother_months:
        return None
    return round_fen(sum((row.earned for row in months if row.active), NO_MONEY) / mother_months)
