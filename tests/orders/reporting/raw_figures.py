"""Every figure of the dashboard, a mother's history, the federation overview, a mother's
insights and her payslip's and "my money" totals, **computed from the raw records**: the
handovers, their current results (the latest of each correction chain, found by walking the
chain) and the ledger entries — the way the selectors computed them before the roll-ups
(issue 14). It is the oracle the roll-up reads are proven against
(tests/orders/reporting/test_figures_match.py); keep it as it is.

The figures' definitions are those the pages state (and the selectors' docstrings):

Dashboard (orders/reporting/selectors/dashboard.py):

* Pieces handed over, accepted and rejected in a range count the handovers **received** in it
  (Asia/Shanghai dates), each by its current result — the latest of its correction chain.
* An order is listed when it was created before the range ends, is neither a draft nor
  cancelled, and is due on or after the range starts or is still unfinished.
* Earnings are earning and adjustment entries; paid is −(payout + reversal) entries; the
  balance sums every entry up to the end of the range.
* An active mother in a month has a handover received that month with pieces accepted, or a
  positive earning or adjustment entry that month. Average monthly earnings per active mother:
  the range's earnings ÷ its active mother-months.
* Revenue: the cooperative's paid purchase lines, unit price × quantity − refunded, by the
  month the purchase was paid.

Federation (orders/reporting/selectors/federation.py):

* A mother is **active** in a month when she had a handover received, or an earning or
  adjustment entry recorded, that month (Asia/Shanghai). Per cooperative she is one of its
  memberships; in the total she is one woman however many cooperatives she works for.
* **Pieces accepted** count the handovers received in the range, each by its current result.
* **Earnings** are earning and adjustment entries recorded in the range (payouts aside).
* **Orders on time** = orders due in the range (neither draft nor cancelled) that are completed
  and whose last accepted pieces were inspected on or before the due date ÷ orders due in the
  range.

Insights (orders/reporting/selectors/insights.py): pieces are dated by the handover they came
in (received), each counted by its current result; her glance's earned is this month's
earning entries, paid this month's payouts less reversals, balance everything.

Payslip (orders/money/selectors/payslips.py): opening = every entry before the month;
earnings, adjustments and paid out = the month's earning, adjustment and −(payout +
reversal) entries; closing = every entry up to the month's end.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    Exists,
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

from marketplace.models import Cooperative, LineStatus, Membership, Product, PurchaseLine
from marketplace.money import MONEY, NO_MONEY, ZERO, money_sum
from marketplace.selectors import mother_memberships
from orders.dates import DateRange, local_date, midnight, month_bounds, month_first
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
from orders.reporting.selectors.dashboard import (
    MonthRow,
    MotherRow,
    OrderRow,
    mothers_of,
    sort_mothers,
)
from orders.reporting.selectors.federation import Month, Overview, Row, month_label
from orders.reporting.selectors.insights import MONTHS, WEEKS, MonthRate

# Dashboard -----------------------------------------------------------------------------


def _total(queryset: QuerySet, group: str, field, output=None) -> Subquery:
    summed = queryset.values(group).annotate(total=Sum(field)).values("total")
    return Coalesce(
        Subquery(summed, output_field=output or IntegerField()),
        ZERO if output else Value(0),
    )


def _current_results(cooperative: Cooperative, rng: DateRange) -> QuerySet:
    return Inspection.objects.filter(
        rng.q("handover__received_at"),
        correction__isnull=True,
        handover__claim__order__cooperative=cooperative,
    )


def order_rows(*, cooperative: Cooperative, rng: DateRange) -> list[OrderRow]:
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


def mother_rows(*, cooperative: Cooperative, rng: DateRange, sort: str = "name") -> list[MotherRow]:
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


def mother_weeks(*, mother: Membership, rng: DateRange) -> list[tuple[datetime.date, int, int]]:
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
    # A month with payouts only has no earnings: 0.00 (the old selector gave None there, and
    # the headline's sum then failed; the tallies give 0.00).
    return {local_date(g["month"]): (g["earned"] or NO_MONEY, _negated(g["paid"])) for g in grouped}


def _negated(total) -> Decimal:
    return NO_MONEY - (total or NO_MONEY)


def rejections_by_reason(*, cooperative: Cooperative, rng: DateRange) -> list[RejectionReason]:
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
    grouped = (
        _current_results(cooperative, rng)
        .annotate(week=TruncWeek("handover__received_at"))
        .values("week")
        .annotate(inspected=Sum("count"), rejected=Sum("rejected"), accepted=Sum("accepted"))
    )
    found = {local_date(g["week"]): (g["inspected"], g["rejected"], g["accepted"]) for g in grouped}
    return [(week, *found.get(week, (0, 0, 0))) for week in rng.weeks()]


def money_months(*, cooperative: Cooperative, rng: DateRange) -> list[MonthRow]:
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
        .order_by()
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


# Federation ----------------------------------------------------------------------------


def federation_figures(span: DateRange) -> Overview:
    per_coop = _active_per_cooperative(span)
    per_month = _active_women_per_month(span)
    earnings = _earnings(span)
    pieces = _pieces(span)
    orders = _orders(span)
    rows = [
        Row(
            cooperative=coop,
            mothers=per_coop.get(coop.pk, (0, 0))[0],
            mother_months=per_coop.get(coop.pk, (0, 0))[1],
            pieces=pieces.get(coop.pk, 0),
            earnings=sum((v for (c, _), v in earnings.items() if c == coop.pk), NO_MONEY),
            orders_due=orders.get(coop.pk, (0, 0))[0],
            orders_on_time=orders.get(coop.pk, (0, 0))[1],
        )
        for coop in Cooperative.objects.order_by("name", "pk")
    ]
    months = [
        Month(
            label=label,
            mothers=per_month.get(label, 0),
            earnings=sum((v for (_, m), v in earnings.items() if m == label), NO_MONEY),
        )
        for label in map(month_label, span.months())
    ]
    total = Row(
        cooperative=None,
        mothers=_active_women(span),
        mother_months=sum(month.mothers for month in months),
        pieces=sum(row.pieces for row in rows),
        earnings=sum((row.earnings for row in rows), NO_MONEY),
        orders_due=sum(row.orders_due for row in rows),
        orders_on_time=sum(row.orders_on_time for row in rows),
    )
    return Overview(span=span, rows=rows, total=total, months=months, activity=RawActivity(span))


def _activity(spans: Sequence[DateRange], cooperatives: Sequence[int] | None = None) -> QuerySet:
    handovers = Handover.objects.filter(_within("received_at", spans))
    entries = LedgerEntry.objects.filter(_within("created_at", spans), kind__in=EntryKind.EARNED)
    if cooperatives is not None:
        handovers = handovers.filter(claim__order__cooperative__in=cooperatives)
        entries = entries.filter(cooperative__in=cooperatives)
    handovers = handovers.values(
        co=F("claim__order__cooperative_id"),
        mo=F("claim__mother_id"),
        wo=F("claim__mother__user_id"),
        month=TruncMonth("received_at"),
    )
    entries = entries.values(
        co=F("cooperative_id"),
        mo=F("mother_id"),
        wo=F("mother__user_id"),
        month=TruncMonth("created_at"),
    )
    return handovers.order_by().union(entries.order_by()).order_by()


def _within(field: str, spans: Sequence[DateRange]) -> Q:
    within = Q()
    for span in spans:
        within |= span.q(field)
    return within


def _counted(activity: QuerySet, select: str, group: str = "", *, of: str = "") -> list[tuple]:
    sql, params = activity.query.sql_with_params()
    if of:
        sql = f"SELECT DISTINCT {of} FROM ({sql}) activity"  # noqa: S608
    grouping = f" GROUP BY {group}" if group else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({sql}) activity{grouping}", params)  # noqa: S608
        return cursor.fetchall()


def _active_per_cooperative(span: DateRange) -> dict[int, tuple[int, int]]:
    rows = _counted(_activity([span]), "co, COUNT(DISTINCT mo), COUNT(*)", "co")
    return {co: (mothers, months) for co, mothers, months in rows}


def _active_women_per_month(span: DateRange) -> dict[str, int]:
    rows = _counted(_activity([span]), "month, COUNT(DISTINCT wo)", "month")
    return {str(month)[:7]: women for month, women in rows}


def _active_women(span: DateRange) -> int:
    [(women,)] = _counted(_activity([span]), "COUNT(DISTINCT wo)")
    return women


@dataclass(frozen=True)
class RawActivity:
    """The small cells' counts of women, each a query over the raw records (the selector
    counts them in Python from its one read of the tallies)."""

    span: DateRange

    def women_active(self, *, cooperatives=None, months=None) -> tuple[int, int]:
        return women_active(self.span, cooperatives=cooperatives, months=months or ())


def women_active(
    span: DateRange, *, cooperatives: Sequence[int] | None = None, months: Sequence[str] = ()
) -> tuple[int, int]:
    spans = [span.month(datetime.date.fromisoformat(f"{label}-01")) for label in months] or [span]
    activity = _activity(spans, cooperatives)
    [(women, woman_months)] = _counted(activity, "COUNT(DISTINCT wo), COUNT(*)", of="wo, month")
    return women, woman_months


def _earnings(span: DateRange) -> dict[tuple[int, str], Decimal]:
    rows = (
        LedgerEntry.objects.filter(span.q("created_at"), kind__in=EntryKind.EARNED)
        .values("cooperative_id", month=TruncMonth("created_at"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        (row["cooperative_id"], month_label(local_date(row["month"]))): row["total"] for row in rows
    }


def _pieces(span: DateRange) -> dict[int, int]:
    rows = (
        Inspection.objects.filter(span.q("handover__received_at"), correction__isnull=True)
        .values(co=F("handover__claim__order__cooperative_id"))
        .annotate(pieces=Sum("accepted"))
        .order_by()
    )
    return {row["co"]: row["pieces"] for row in rows}


def _orders(span: DateRange) -> dict[int, tuple[int, int]]:
    late = (
        Inspection.objects.filter(
            handover__claim__order=OuterRef("pk"), correction__isnull=True, accepted__gt=0
        )
        .annotate(day=TruncDate("inspected_at"))
        .filter(day__gt=OuterRef("due_date"))
    )
    rows = (
        ProductionOrder.objects.filter(due_date__gte=span.start, due_date__lte=span.end)
        .exclude(status__in=[OrderStatus.DRAFT, OrderStatus.CANCELLED])
        .values("cooperative_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(status=OrderStatus.COMPLETED) & ~Exists(late)),
        )
        .order_by()
    )
    return {row["cooperative_id"]: (row["due"], row["on_time"]) for row in rows}


# Her insights ------------------------------------------------------------------------------


def her_ledger(*, user, today: datetime.date) -> dict:
    """Her glance's money: ``earned`` (this month's earning entries), ``paid`` (this month's
    payouts less reversals) and ``balance`` (everything)."""
    this_month = Q(created_at__gte=midnight(month_first(today)))
    return LedgerEntry.objects.filter(mother__in=mother_memberships(user)).aggregate(
        earned=money_sum(filter=this_month & Q(kind=EntryKind.EARNING)),
        paid=-money_sum(filter=this_month & Q(kind__in=EntryKind.PAID)),
        balance=money_sum(),
    )


def her_weeks(*, user, today: datetime.date) -> list[tuple[datetime.date, int]]:
    monday = today - datetime.timedelta(days=today.weekday())
    mondays = [monday - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS))]
    rows = (
        _her_results(user, since=mondays[0])
        .annotate(week=TruncWeek("handover__received_at"))
        .values("week")
        .annotate(pieces=Sum("accepted"))
        .order_by()
    )
    pieces = {local_date(row["week"]): row["pieces"] for row in rows}
    return [(day, pieces.get(day, 0)) for day in mondays]


def her_months(*, user, today: datetime.date) -> list[MonthRate]:
    firsts = [month_first(today, -back) for back in reversed(range(MONTHS))]
    rows = (
        _her_results(user, since=firsts[0])
        .annotate(month=TruncMonth("handover__received_at"))
        .values("month")
        .annotate(accepted=Sum("accepted"), rejected=Sum("rejected"))
        .order_by()
    )
    counts = {local_date(row["month"]): (row["accepted"], row["rejected"]) for row in rows}
    return [MonthRate(first, *counts.get(first, (0, 0))) for first in firsts]


def _her_results(user, *, since: datetime.date) -> QuerySet:
    return Inspection.objects.filter(
        correction__isnull=True,
        handover__claim__mother__in=mother_memberships(user),
        handover__received_at__gte=midnight(since),
    )


# Her money ---------------------------------------------------------------------------------


def payslip_totals(*, mother: Membership, month: datetime.date) -> dict:
    """A payslip's opening, earnings, adjusted, paid_out and closing for ``month``."""
    start, end = month_bounds(month)
    month_q = Q(created_at__gte=start)
    return LedgerEntry.objects.filter(mother_id=mother.pk, created_at__lt=end).aggregate(
        opening=money_sum(filter=Q(created_at__lt=start)),
        earnings=money_sum(filter=month_q & Q(kind=EntryKind.EARNING)),
        adjusted=money_sum(filter=month_q & Q(kind=EntryKind.ADJUSTMENT)),
        paid_out=-money_sum(filter=month_q & Q(kind__in=EntryKind.PAID)),
        closing=money_sum(),
    )


def her_money_totals(*, user, today: datetime.date) -> dict[int, dict]:
    """Per cooperative: "my money"'s ``month`` (this month's earning entries), ``earned``,
    ``adjusted``, ``paid`` and ``balance`` (all time)."""
    month_start = midnight(month_first(today))
    rows = (
        LedgerEntry.objects.filter(mother__in=mother_memberships(user, former_too=True))
        .order_by()
        .values("cooperative_id")
        .annotate(
            month=money_sum(filter=Q(kind=EntryKind.EARNING, created_at__gte=month_start)),
            earned=money_sum(filter=Q(kind=EntryKind.EARNING)),
            adjusted=money_sum(filter=Q(kind=EntryKind.ADJUSTMENT)),
            paid=-money_sum(filter=Q(kind__in=EntryKind.PAID)),
            balance=money_sum(),
        )
    )
    return {row.pop("cooperative_id"): row for row in rows}
