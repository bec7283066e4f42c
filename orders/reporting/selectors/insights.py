"""Reads of "My month" (/work/insights/): her month at a glance, the pieces accepted of her
handovers week by week, and how her acceptance rate moves month by month.

Every read goes through her own active mother memberships (``mother_memberships``), so
nothing about another mother can appear; each is one grouped query, the same however long
her history: they read the tallies (orders/models/tallies.py), weeks from day rows, months
from month rows. Weeks (Monday first) and months are China's (Asia/Shanghai).

Pieces are dated by the handover they came in (received), each counted by its current
result (the latest of its correction chain), so a later correction never moves pieces from
one week to another.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum

from marketplace.money import money_sum
from marketplace.selectors import mother_memberships
from orders.dates import local_date, month_first
from orders.models import Claim, Grain, MotherTally, WorkTally
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
    """Two queries: her mother tallies' month rows, and her pieces awaiting inspection."""
    hers = mother_memberships(user)
    this_month = Q(month__gte=month_first(today))
    ledger = (
        _her_tallies(user)
        .filter(grain=Grain.MONTH)
        .aggregate(
            earned=money_sum("earning", filter=this_month),
            paid=-money_sum(F("payout") + F("reversal"), filter=this_month),
            balance=money_sum(F("earning") + F("adjustment") + F("payout") + F("reversal")),
        )
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
    """(Monday, pieces accepted) for this week and the eleven before it, oldest first: her
    day tallies (weeks cross months)."""
    monday = today - datetime.timedelta(days=today.weekday())
    mondays = [monday - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS))]
    rows = (
        _her_tallies(user)
        .filter(grain=Grain.DAY, day__range=(mondays[0], monday + datetime.timedelta(days=6)))
        .values("day")
        .annotate(pieces=Sum("accepted"))
        .order_by()
    )
    pieces = dict.fromkeys(mondays, 0)
    for row in rows:
        day = local_date(row["day"])
        pieces[day - datetime.timedelta(days=day.weekday())] += row["pieces"]
    return list(pieces.items())


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
    """This month and the five before it, oldest first: her work tallies' month rows."""
    firsts = [month_first(today, -back) for back in reversed(range(MONTHS))]
    rows = (
        WorkTally.objects.filter(
            mother__in=mother_memberships(user), grain=Grain.MONTH, day__gte=firsts[0]
        )
        .values("month")
        .annotate(accepted_in=Sum("accepted"), rejected_in=Sum("rejected"))
        .order_by()
    )
    counts = {local_date(row["month"]): (row["accepted_in"], row["rejected_in"]) for row in rows}
    return [MonthRate(first, *counts.get(first, (0, 0))) for first in firsts]


def _her_tallies(user) -> QuerySet:
    return MotherTally.objects.filter(mother__in=mother_memberships(user))
