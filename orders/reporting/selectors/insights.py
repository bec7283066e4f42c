"""Reads of "My month" (/work/insights/): her month at a glance, the pieces accepted of her
handovers week by week, and how her acceptance rate moves month by month.

Every read goes through her own active mother memberships (``mother_memberships``), so
nothing about another mother can appear; each is one grouped query, the same however long
her history. Weeks (Monday first) and months are China's (Asia/Shanghai).

Pieces are dated by the handover they came in (received), each counted by its current
result (the latest of its correction chain), so a later correction never moves pieces from
one week to another.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from marketplace.money import money_sum
from marketplace.selectors import mother_memberships
from orders.dates import local_date, midnight, month_first
from orders.models import Claim, EntryKind, Inspection, LedgerEntry
from orders.production.selectors.mine import awaiting_inspection
from orders.reporting.rates import percent

WEEKS = 12
MONTHS = 6


@dataclass(frozen=True)
class Glance:
    """Her month so far: earnings entries this month, pieces awaiting inspection and their
    worth at the orders' rates, paid to her this month (payouts less reversals), and what
    she is owed now."""

    earned: Decimal
    waiting_pieces: int
    waiting_value: Decimal
    paid: Decimal
    balance: Decimal


def her_glance(*, user, today: datetime.date) -> Glance:
    """Two queries."""
    hers = mother_memberships(user)
    this_month = Q(created_at__gte=midnight(month_first(today)))
    ledger = LedgerEntry.objects.filter(mother__in=hers).aggregate(
        earned=money_sum(filter=this_month & Q(kind=EntryKind.EARNING)),
        paid=-money_sum(filter=this_month & Q(kind__in=EntryKind.PAID)),
        balance=money_sum(),
    )
    waiting = awaiting_inspection(Claim.objects.filter(mother__in=hers))
    return Glance(
        earned=ledger["earned"],
        waiting_pieces=waiting["pieces"],
        waiting_value=waiting["value"],
        paid=ledger["paid"],
        balance=ledger["balance"],
    )


def her_weeks(*, user, today: datetime.date) -> list[tuple[datetime.date, int]]:
    """(Monday, pieces accepted) for this week and the eleven before it, oldest first."""
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


@dataclass(frozen=True)
class MonthRate:
    month: datetime.date  # its first day
    accepted: int
    rejected: int

    @property
    def percent(self) -> Decimal | None:
        """Accepted of the pieces inspected, to one decimal; None when nothing was."""
        return percent(self.accepted, self.accepted + self.rejected)


def her_months(*, user, today: datetime.date) -> list[MonthRate]:
    """This month and the five before it, oldest first."""
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
    """The current results of her handovers received since ``since`` (China date)."""
    return Inspection.objects.filter(
        correction__isnull=True,
        handover__claim__mother__in=mother_memberships(user),
        handover__received_at__gte=midnight(since),
    )
