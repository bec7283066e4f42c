"""The women's federation's overview: every cooperative's work over a range of China dates,
as aggregates only — no mother's name, phone or id leaves this module.

A fixed number of grouped queries whatever the data (Python only walks the cooperatives and
the months of the range), read from the mother tallies (orders/models/tallies.py): a range is
its whole months' month rows and its partial months' day rows, so each month of a mother's
activity comes from exactly one grain.

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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
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
class Overview:
    span: DateRange
    rows: list[Row]
    total: Row
    months: list[Month]
    others: Row | None = None


def federation_figures(span: DateRange) -> Overview:
    """Every cooperative's row, the total and the months, exact and unprotected: eight
    queries. Pages and exports show ``orders.reporting.cells.federation_overview`` instead,
    which merges and hides the small cells."""
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
    return Overview(span=span, rows=rows, total=total, months=months)


# Who was active: one row per (membership, month) with a handover or an earning entry ----


def _activity(spans: Sequence[DateRange], cooperatives: Sequence[int] | None = None) -> QuerySet:
    """Distinct (cooperative, membership, woman, month) of the mother tallies in ``spans``
    (of ``cooperatives``, or all) with a handover or an earning or adjustment entry: each
    month comes from one grain, so DISTINCT leaves one row per mother and month."""
    tallies = MotherTally.objects.filter(_within(spans), Q(handed__gt=0) | Q(earned_entries__gt=0))
    if cooperatives is not None:
        tallies = tallies.filter(cooperative__in=cooperatives)
    return (
        tallies.values(
            co=F("cooperative_id"), mo=F("mother_id"), wo=F("mother__user_id"), mo_month=F("month")
        )
        .order_by()
        .distinct()
    )


def _within(spans: Sequence[DateRange]) -> Q:
    within = Q()
    for span in spans:
        within |= span.tally_q()
    return within


def _counted(activity: QuerySet, select: str, group: str = "", *, of: str = "") -> list[tuple]:
    """``select`` over the distinct activity rows (or over their distinct ``of`` columns),
    grouped by ``group``: the ORM cannot aggregate over a DISTINCT, so its SQL is wrapped (one
    query; the columns are ours)."""
    sql, params = activity.query.sql_with_params()
    if of:
        sql = f"SELECT DISTINCT {of} FROM ({sql}) activity"  # noqa: S608
    grouping = f" GROUP BY {group}" if group else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({sql}) activity{grouping}", params)  # noqa: S608
        return cursor.fetchall()


def _active_per_cooperative(span: DateRange) -> dict[int, tuple[int, int]]:
    """Cooperative → (active mothers, active mother-months)."""
    rows = _counted(_activity([span]), "co, COUNT(DISTINCT mo), COUNT(*)", "co")
    return {co: (mothers, months) for co, mothers, months in rows}


def _active_women_per_month(span: DateRange) -> dict[str, int]:
    """ "YYYY-MM" → women active that month, in any cooperative."""
    rows = _counted(_activity([span]), "mo_month, COUNT(DISTINCT wo)", "mo_month")
    # SQLite gives the month as text, PostgreSQL as a date: both start "YYYY-MM".
    return {str(month)[:7]: women for month, women in rows}


def _active_women(span: DateRange) -> int:
    [(women,)] = _counted(_activity([span]), "COUNT(DISTINCT wo)")
    return women


def women_active(
    span: DateRange, *, cooperatives: Sequence[int] | None = None, months: Sequence[str] = ()
) -> tuple[int, int]:
    """(Women, woman-months) active in ``cooperatives`` (or any) during the range, or only
    its ``months`` ("YYYY-MM") when given: each woman once however many of the cooperatives
    she works for, as in the total. One query."""
    spans = [span.month(datetime.date.fromisoformat(f"{label}-01")) for label in months] or [span]
    activity = _activity(spans, cooperatives)
    [(women, woman_months)] = _counted(activity, "COUNT(DISTINCT wo), COUNT(*)", of="wo, mo_month")
    return women, woman_months


# Pieces, money and orders ----------------------------------------------------------------


def _earnings(span: DateRange) -> dict[tuple[int, str], Decimal]:
    """(cooperative, "YYYY-MM") → earnings recorded that month."""
    rows = (
        MotherTally.objects.filter(span.tally_q())
        .values("cooperative_id", "month")
        .annotate(total=money_sum(F("earning") + F("adjustment")))
        .order_by()
    )
    return {
        (row["cooperative_id"], month_label(local_date(row["month"]))): row["total"] for row in rows
    }


def _pieces(span: DateRange) -> dict[int, int]:
    rows = (
        MotherTally.objects.filter(span.tally_q())
        .values("cooperative_id")
        .annotate(pieces=Sum("accepted"))
        .order_by()
    )
    return {row["cooperative_id"]: row["pieces"] for row in rows}


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
