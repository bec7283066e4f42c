"""The coordinator dashboard's figures for one cooperative over a range of China dates.

Every function is a fixed number of grouped queries (correlated subqueries or GROUP BY), so
a page costs the same number of queries for ten handovers or three hundred thousand; Python
only fills in the weeks and months and divides the grouped results.

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
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

from marketplace.models import Cooperative, LineStatus, Membership, Product, PurchaseLine, Role
from marketplace.money import MONEY, NO_MONEY, ZERO, round_fen
from orders.dates import DateRange, local_date
from orders.models import (
    EntryKind,
    Handover,
    Inspection,
    LedgerEntry,
    OrderStatus,
    ProductionOrder,
    Rejection,
    RejectionReason,
)


def _total(queryset: QuerySet, group: str, field, output=None) -> Subquery:
    """Sum ``field`` of ``queryset`` grouped by ``group`` (an OuterRef'd key), as a subquery."""
    summed = queryset.values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(
        Subquery(summed, output_field=output or IntegerField()),
        ZERO if output else Value(0),
    )


def _current_results(cooperative: Cooperative, rng: DateRange) -> QuerySet:
    """The results that count, for the handovers received in the range."""
    return Inspection.objects.filter(
        rng.q("handover__received_at"),
        correction__isnull=True,
        handover__claim__order__cooperative=cooperative,
    )


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
    """One query: the orders of the range with their handovers and results in it."""
    handovers = Handover.objects.filter(claim__order=OuterRef("pk"))
    results = Inspection.objects.filter(
        rng.q("handover__received_at"),
        correction__isnull=True,
        handover__claim__order=OuterRef("pk"),
    )
    orders = (
        ProductionOrder.objects.filter(cooperative=cooperative, created_at__lt=rng.end_at)
        .exclude(status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED])
        .filter(Q(due_date__gte=rng.start) | Q(accepted__lt=F("quantity")))
        .select_related("product")
        .annotate(
            handed_in=_total(handovers.filter(rng.q("received_at")), "claim__order", "count"),
            handed_ever=_total(handovers, "claim__order", "count"),
            accepted_in=_total(results, "handover__claim__order", "accepted"),
            rejected_in=_total(results, "handover__claim__order", "rejected"),
        )
        .order_by("due_date", "pk")
    )
    return [
        OrderRow(order, order.handed_in, order.accepted_in, order.rejected_in, order.handed_ever)
        for order in orders
    ]


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


def mother_rows(*, cooperative: Cooperative, rng: DateRange, sort: str = "name") -> list[MotherRow]:
    """One query: every mother of the cooperative with her figures for the range; ``sort`` is
    a key of MOTHER_SORTS, ``-`` first for descending (anything else sorts by name)."""
    handovers = Handover.objects.filter(rng.q("received_at"), claim__mother=OuterRef("pk"))
    results = Inspection.objects.filter(
        rng.q("handover__received_at"),
        correction__isnull=True,
        handover__claim__mother=OuterRef("pk"),
    )
    entries = LedgerEntry.objects.filter(mother=OuterRef("pk"), cooperative=cooperative)
    in_range = entries.filter(rng.q("created_at"))
    days = (
        handovers.annotate(day=TruncDate("received_at"))
        .values("claim__mother")
        .annotate(n=Count("day", distinct=True))
        .values("n")
    )
    mothers = (
        mothers_of(cooperative)
        .select_related("user")
        .annotate(
            accepted_in=_total(results, "handover__claim__mother", "accepted"),
            inspected_in=_total(results, "handover__claim__mother", "count"),
            handed_in=_total(handovers, "claim__mother", "count"),
            on_time_in=_total(
                handovers.filter(received_at__date__lte=F("claim__order__due_date")),
                "claim__mother",
                "count",
            ),
            earned_in=_total(in_range.filter(kind__in=EntryKind.EARNED), "mother", "amount", MONEY),
            paid_in=_total(in_range.filter(kind__in=EntryKind.PAID), "mother", "amount", MONEY),
            balance_at=_total(entries.filter(created_at__lt=rng.end_at), "mother", "amount", MONEY),
            days_in=Coalesce(Subquery(days, output_field=IntegerField()), Value(0)),
        )
    )
    rows = [
        MotherRow(
            m,
            m.accepted_in,
            m.inspected_in,
            m.handed_in,
            m.on_time_in,
            m.earned_in,
            _negated(m.paid_in),
            m.balance_at,
            m.days_in,
        )
        for m in mothers
    ]
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
    grouped = (
        Inspection.objects.filter(
            rng.q("handover__received_at"), correction__isnull=True, handover__claim__mother=mother
        )
        .annotate(week=TruncWeek("handover__received_at"))
        .values("week")
        .annotate(accepted=Sum("accepted"), rejected=Sum("rejected"))
    )
    found = {local_date(g["week"]): (g["accepted"], g["rejected"]) for g in grouped}
    return [(week, *found.get(week, (0, 0))) for week in rng.weeks()]


def mother_months(
    *, mother: Membership, rng: DateRange
) -> list[tuple[datetime.date, Decimal, Decimal]]:
    """One query: (first of month, earned, paid) for each month of the range."""
    grouped = _money_by_month(LedgerEntry.objects.filter(mother=mother), rng)
    return [(month, *grouped.get(month, (NO_MONEY, NO_MONEY))) for month in rng.months()]


def _money_by_month(entries: QuerySet, rng: DateRange) -> dict:
    grouped = (
        entries.filter(rng.q("created_at"))
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            earned=Sum("amount", filter=Q(kind__in=EntryKind.EARNED)),
            paid=Sum("amount", filter=Q(kind__in=EntryKind.PAID)),
        )
    )
    return {local_date(g["month"]): (g["earned"], _negated(g["paid"])) for g in grouped}


def _negated(total) -> Decimal:
    """Payouts and reversals are negative entries; paid is shown positive (and never -0.00)."""
    return NO_MONEY - (total or NO_MONEY)


# Quality -------------------------------------------------------------------------------


def rejections_by_reason(*, cooperative: Cooperative, rng: DateRange) -> list[RejectionReason]:
    """One query: the cooperative's reasons with ``pieces`` rejected for each, most first."""
    counted = Rejection.objects.filter(
        rng.q("inspection__handover__received_at"),
        inspection__correction__isnull=True,
        reason=OuterRef("pk"),
    )
    return list(
        RejectionReason.objects.filter(cooperative=cooperative)
        .annotate(pieces=_total(counted, "reason", "count"))
        .filter(pieces__gt=0)
        .order_by("-pieces", "sort_order", "pk")
    )


def rejections_by_product(*, cooperative: Cooperative, rng: DateRange) -> list[Product]:
    """Two queries: pieces ``inspected`` and ``rejected`` per product in the range (one
    GROUP BY over the results; correlated subqueries per product were minutes at a year's
    scale on PostgreSQL), then the products themselves."""
    grouped = (
        _current_results(cooperative, rng)
        .order_by()
        .values("handover__claim__order__product")
        .annotate(inspected=Sum("count"), rejected=Sum("rejected"))
        .filter(inspected__gt=0)
    )
    totals = {row["handover__claim__order__product"]: row for row in grouped}
    products = Product.objects.in_bulk(list(totals))
    for pk, row in totals.items():
        products[pk].inspected, products[pk].rejected = row["inspected"], row["rejected"]
    return sorted(products.values(), key=lambda product: (-product.rejected, product.pk))


def quality_weeks(
    *, cooperative: Cooperative, rng: DateRange
) -> list[tuple[datetime.date, int, int]]:
    """One query: (Monday, pieces inspected, pieces rejected) for each week of the range."""
    grouped = (
        _current_results(cooperative, rng)
        .annotate(week=TruncWeek("handover__received_at"))
        .values("week")
        .annotate(inspected=Sum("count"), rejected=Sum("rejected"), accepted=Sum("accepted"))
    )
    found = {local_date(g["week"]): (g["inspected"], g["rejected"], g["accepted"]) for g in grouped}
    return [(week, *found.get(week, (0, 0, 0))) for week in rng.weeks()]


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
    """Four queries: earned and paid, active mothers (two sources) and revenue, per month."""
    money = _money_by_month(LedgerEntry.objects.filter(cooperative=cooperative), rng)
    active = _active_mothers(cooperative, rng)
    revenue = _revenue(cooperative, rng)
    return [
        MonthRow(
            month,
            *money.get(month, (NO_MONEY, NO_MONEY)),
            len(active.get(month, ())),
            revenue.get(month, NO_MONEY),
        )
        for month in rng.months()
    ]


def _active_mothers(cooperative: Cooperative, rng: DateRange) -> dict[datetime.date, set[int]]:
    earners = (
        LedgerEntry.objects.filter(
            rng.q("created_at"), cooperative=cooperative, kind__in=EntryKind.EARNED, amount__gt=0
        )
        .annotate(month=TruncMonth("created_at"))
        .order_by()  # without it the model's ordering joins the DISTINCT: one row per entry
        .values_list("month", "mother_id")
        .distinct()
    )
    makers = (
        _current_results(cooperative, rng)
        .filter(accepted__gt=0)
        .annotate(month=TruncMonth("handover__received_at"))
        .order_by()
        .values_list("month", "handover__claim__mother_id")
        .distinct()
    )
    active: dict[datetime.date, set[int]] = {}
    for month, mother_id in [*earners, *makers]:
        active.setdefault(local_date(month), set()).add(mother_id)
    return active


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
