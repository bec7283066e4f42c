"""Payslips (工资条): one mother's month at one cooperative, read from the ledger.

A month is a calendar month in the site's time zone (Asia/Shanghai), whatever the viewer's:
an entry recorded at 23:59 on 31 January belongs to January, one at 00:00 on 1 February to
February, although both are 31 January in UTC. Entries count by their ``created_at``:

- **pieces**, per production order, are those of the earning entries recorded in the month.
  An entry of a correction carries the difference from the result it corrects, so an
  inspection and its correction in one month add up to the current result, while a
  correction recorded in a later month shows there as the difference (e.g. −1 accepted,
  +1 rejected) and January's payslip stays as it was issued;
- **earnings** are the sum of those entries, corrections included;
- **adjustments** and **payouts** are listed one by one (a failed payout given back is a
  line of its own), and the balances are the sums of everything before the month (opening)
  and up to its end (closing): closing = opening + earnings + adjustments − paid out.

Every figure is summed by the database: building a payslip takes the same three queries
(four for a payout run's) however many entries, orders or payouts the month holds.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, DateField, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from marketplace.models import Membership, display_name_of
from marketplace.money import money_sum
from orders.dates import DateRange, month_bounds, month_first
from orders.fairwork.selectors.reported import HerHours, her_hours
from orders.models import (
    EntryKind,
    Grain,
    LedgerEntry,
    MotherTally,
    Payout,
    PayoutRun,
    PayoutStatus,
    way_label,
)

NONE = Value(0, output_field=IntegerField())
# No payslip before the site existed: older years are not months anyone worked here (and
# year 1 in Asia/Shanghai would not even fit a UTC datetime).
FIRST_YEAR = 2000


@dataclass(frozen=True)
class PieceLine:
    """One production order's pieces in the month (differences from corrections included)."""

    order_id: int
    product: str
    rate: Decimal
    accepted: int
    rejected: int
    amount: Decimal
    corrections: int


@dataclass(frozen=True)
class AdjustmentLine:
    recorded_at: datetime.datetime
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class PayoutLine:
    """A payout taken from her balance (``amount`` positive: paid to her) or, when
    ``given_back``, a failed payout's amount returned to it (``amount`` negative)."""

    recorded_at: datetime.datetime
    amount: Decimal
    payout_id: int
    run_id: int
    cutoff: datetime.date
    way: str
    status: str
    status_label: str
    reference: str
    paid_at: datetime.datetime | None
    given_back: bool = False


@dataclass(frozen=True)
class Payslip:
    mother_id: int
    mother_name: str
    mother_phone: str
    cooperative_id: int
    cooperative: str
    month: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    opening: Decimal
    earnings: Decimal
    adjusted: Decimal
    paid_out: Decimal
    closing: Decimal
    pieces: list[PieceLine] = field(default_factory=list)
    adjustments: list[AdjustmentLine] = field(default_factory=list)
    payouts: list[PayoutLine] = field(default_factory=list)
    # On a payout run's payslip: that run's payout to her.
    run_payout: PayoutLine | None = None
    # On her own payslip only (the times she reports are hers): her effective hourly pay.
    hours: HerHours | None = None

    @property
    def accepted(self) -> int:
        return sum(line.accepted for line in self.pieces)

    @property
    def rejected(self) -> int:
        return sum(line.rejected for line in self.pieces)

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date()


# Months ------------------------------------------------------------------------------------


def month_parse(text: str) -> datetime.date | None:
    """``2026-01`` → 1 January 2026; None for a malformed month or one not yet begun in the
    site's time zone (the current month is a payslip so far)."""
    try:
        year, month = (int(part) for part in text.split("-"))
        first = datetime.date(year, month, 1)
    except ValueError:
        return None
    if len(text) != 7 or year < FIRST_YEAR or first > month_first(timezone.localdate()):
        return None
    return first


def months_with_entries(memberships) -> list[dict]:
    """Each (cooperative, month) in which any of ``memberships`` has a ledger entry, newest
    first: ``{"cooperative_id", "cooperative" (its name in the active language),
    "mother_id", "month" (its first day)}``. One query."""
    rows = (
        LedgerEntry.objects.filter(mother__in=memberships)
        .annotate(
            month=TruncMonth(
                "created_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
            )
        )
        .order_by()
        .values(
            "month",
            "mother_id",
            "cooperative_id",
            name=F("cooperative__name"),
            name_en=F("cooperative__name_en"),
        )
        .distinct()
    )
    months = [
        {
            "cooperative_id": row["cooperative_id"],
            "cooperative": display_name_of(row["name"], row["name_en"]),
            "mother_id": row["mother_id"],
            "month": row["month"],
        }
        for row in rows
    ]
    return sorted(months, key=lambda row: (-row["month"].toordinal(), row["cooperative"]))


# The payslip -------------------------------------------------------------------------------


def payslip_build(*, mother: Membership, month: datetime.date, hers: bool = False) -> Payslip:
    """``mother``'s payslip for ``month`` (its first day) at her cooperative. ``mother``
    comes with its user and cooperative (select_related); names are given in the active
    language. ``hers``: the copy she reads herself, with her effective hourly pay over the
    handovers of the month where she said how long they took (one or two queries more)."""
    start, end = month_bounds(month)
    entries = LedgerEntry.objects.filter(mother_id=mother.pk)
    in_month = entries.filter(created_at__gte=start, created_at__lt=end)
    totals = _totals(mother, month)
    lines = list(
        in_month.exclude(kind=EntryKind.EARNING)
        .select_related("payout__run")
        .order_by("created_at", "pk")
    )
    return Payslip(
        mother_id=mother.pk,
        mother_name=mother.person_name,
        mother_phone=mother.user.username,
        cooperative_id=mother.cooperative_id,
        cooperative=mother.cooperative.display_name,
        month=month,
        start=start,
        end=end,
        pieces=_pieces(in_month),
        adjustments=[_adjustment(entry) for entry in lines if entry.kind == EntryKind.ADJUSTMENT],
        payouts=[_payout_entry(entry) for entry in lines if entry.kind in EntryKind.PAID],
        hours=_hours(mother, month) if hers else None,
        **totals,
    )


def _hours(mother: Membership, month: datetime.date) -> HerHours:
    span = DateRange(month, month_first(month, 1) - datetime.timedelta(days=1))
    return her_hours(
        memberships=Membership.objects.filter(pk=mother.pk),
        span=span,
        region_id=mother.cooperative.region_id,
    )


def run_payslip_build(*, run: PayoutRun, mother: Membership) -> Payslip | None:
    """The payslip of the month of ``run``'s cut-off, with the run's payout to ``mother``
    (None if the run paid her nothing)."""
    payout = Payout.objects.filter(run_id=run.pk, mother_id=mother.pk).select_related("run").first()
    if payout is None:
        return None
    payslip = payslip_build(mother=mother, month=month_first(timezone.localdate(run.cutoff)))
    line = _payout_line(payout, recorded_at=payout.created_at, amount=payout.amount)
    return replace(payslip, run_payout=line)


def _totals(mother: Membership, month: datetime.date) -> dict:
    """Opening and closing balances and the month's earnings, adjustments and payouts (net
    of any given back), in one aggregate query over her mother tallies' month rows."""
    this_month = Q(month=month)
    every_entry = F("earning") + F("adjustment") + F("payout") + F("reversal")
    return MotherTally.objects.filter(
        mother_id=mother.pk, grain=Grain.MONTH, month__lte=month
    ).aggregate(
        opening=money_sum(every_entry, filter=Q(month__lt=month)),
        earnings=money_sum("earning", filter=this_month),
        adjusted=money_sum("adjustment", filter=this_month),
        paid_out=-money_sum(F("payout") + F("reversal"), filter=this_month),
        closing=money_sum(every_entry),
    )


def _pieces(in_month) -> list[PieceLine]:
    """Per order: the earning entries' pieces, each a correction's difference from the
    result it corrects. One grouped query."""
    inspection = "inspection__"
    corrected = f"{inspection}corrects__"
    order = f"{inspection}handover__claim__order"
    rows = (
        in_month.filter(kind=EntryKind.EARNING)
        .order_by()
        .values(
            order_key=F(f"{order}_id"),
            name=F(f"{order}__product__name"),
            name_en=F(f"{order}__product__name_en"),
            rate=F(f"{order}__piece_rate"),
        )
        .annotate(
            accepted=Coalesce(Sum(f"{inspection}accepted"), NONE)
            - Coalesce(Sum(f"{corrected}accepted"), NONE),
            rejected=Coalesce(Sum(f"{inspection}rejected"), NONE)
            - Coalesce(Sum(f"{corrected}rejected"), NONE),
            amount=money_sum(),
            corrections=Count(f"{inspection}corrects"),
        )
    )
    lines = [
        PieceLine(
            order_id=row["order_key"],
            product=display_name_of(row["name"], row["name_en"]),
            rate=row["rate"],
            accepted=row["accepted"],
            rejected=row["rejected"],
            amount=row["amount"],
            corrections=row["corrections"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (line.product, line.order_id))


def _adjustment(entry: LedgerEntry) -> AdjustmentLine:
    return AdjustmentLine(recorded_at=entry.created_at, amount=entry.amount, reason=entry.memo)


def _payout_entry(entry: LedgerEntry) -> PayoutLine:
    return _payout_line(
        entry.payout,
        recorded_at=entry.created_at,
        amount=-entry.amount,
        given_back=entry.kind == EntryKind.REVERSAL,
    )


def _payout_line(payout: Payout, *, recorded_at, amount, given_back=False) -> PayoutLine:
    return PayoutLine(
        recorded_at=recorded_at,
        amount=amount,
        payout_id=payout.pk,
        run_id=payout.run_id,
        cutoff=timezone.localdate(payout.run.cutoff),
        way=way_label(rail=payout.rail, method=payout.method),
        status=payout.status,
        status_label=str(PayoutStatus(payout.status).label),
        reference=payout.reference or payout.transfer_id,
        paid_at=payout.paid_at,
        given_back=given_back,
    )
