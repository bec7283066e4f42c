"""Reads of the time mothers reported, and the effective hourly pay it gives.

A handover counts once it is inspected and she said how long it took: it earned its current
result's accepted pieces × the order's rate, over the minutes of the whole handover (the
rule: orders/fairwork/hours.py). Handovers are dated by when they were received, in China
time, as the rest of the reporting does.

Privacy: only ``her_hours`` reads one mother's figure, for herself (her month page and her
payslip). A coordinator reads per order and per product the spread across mothers, and only
when at least ``SMALLEST_GROUP`` mothers reported; the federation reads aggregates with the
small-cell rule of its overview (orders/reporting/cells.py). Every function is a fixed number
of grouped queries, whatever the data.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import ExpressionWrapper, F, QuerySet, Sum

from marketplace.models import Cooperative, Membership, MinimumWage, display_name_of
from marketplace.money import MONEY, money_sum
from marketplace.selectors import mother_memberships
from orders.dates import DateRange, month_first
from orders.fairwork.hours import (
    Spread,
    effective_hourly_pay,
    effective_pays_minimum,
    minimum_wage_in_force,
    pay_spread,
)
from orders.models import Handover
from orders.reporting.cells import SMALLEST_GROUP, cells_to_hide


def reported_handovers(handovers: QuerySet) -> QuerySet:
    """Of ``handovers``, those inspected with a reported time, each with ``earned``."""
    return handovers.filter(minutes_reported__isnull=False, result__isnull=False).annotate(
        earned=ExpressionWrapper(
            F("result__accepted") * F("claim__order__piece_rate"), output_field=MONEY
        )
    )


# Hers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HerHours:
    """Her handovers with a reported time in a period: what they earned, the minutes she
    said they took, the pieces accepted, her effective hourly pay (None when she said no
    time) and, where one applies, the minimum wage and whether she earned at least it."""

    earned: Decimal
    minutes: int
    accepted: int
    hourly: Decimal | None
    minimum: MinimumWage | None = None
    pays_minimum: bool | None = None


def her_hours(
    *, memberships: QuerySet[Membership], span: DateRange, region_id: int | None = None
) -> HerHours:
    """Her effective hourly pay over ``span`` (one query; one more for the minimum of
    ``region_id`` in force at the end of the span)."""
    totals = reported_handovers(
        Handover.objects.filter(span.q("received_at"), claim__mother__in=memberships)
    ).aggregate(
        total=money_sum("earned"),
        minutes=Sum("minutes_reported"),
        accepted=Sum("result__accepted"),
    )
    minutes = totals["minutes"] or 0
    hours = HerHours(
        earned=totals["total"],
        minutes=minutes,
        accepted=totals["accepted"] or 0,
        hourly=effective_hourly_pay(earned=totals["total"], minutes=minutes),
    )
    minimum = minimum_wage_in_force(region_id=region_id, day=span.end) if minutes else None
    if minimum is None:
        return hours
    pays = effective_pays_minimum(earned=hours.earned, minutes=minutes, minimum=minimum.hourly)
    return HerHours(**{**hours.__dict__, "minimum": minimum, "pays_minimum": pays})


# The coordinator's: per order and per product ----------------------------------------------


@dataclass(frozen=True)
class GroupSpread:
    """One order's or product's reported effective hourly pay across mothers: ``spread``
    only when at least SMALLEST_GROUP mothers reported (else None: too few reports)."""

    key: int
    label: str
    mothers: int
    spread: Spread | None

    @property
    def too_few(self) -> bool:
        return self.spread is None

    @property
    def below(self) -> bool:
        return bool(self.spread and self.spread.below)


def cooperative_spreads(
    *, cooperative: Cooperative, rng: DateRange
) -> tuple[list[GroupSpread], list[GroupSpread], MinimumWage | None]:
    """Per order and per product of ``cooperative``, the spread of reported effective hourly
    pay of handovers received in ``rng``, against the minimum in force on its last day.
    Two queries (one when nobody reported)."""
    rows = list(
        reported_handovers(
            Handover.objects.filter(rng.q("received_at"), claim__order__cooperative=cooperative)
        )
        .values(
            "claim__mother_id",
            order=F("claim__order_id"),
            product=F("claim__order__product_id"),
            name=F("claim__order__product__name"),
            name_en=F("claim__order__product__name_en"),
        )
        .annotate(earned_sum=money_sum("earned"), minutes=Sum("minutes_reported"))
        .order_by()
    )
    # No reports, no minimum to look up: the page without any costs one query.
    region = cooperative.region_id if rows else None
    minimum = minimum_wage_in_force(region_id=region, day=rng.end)
    hourly = minimum.hourly if minimum else None
    return (
        _spreads(rows, key="order", minimum=hourly),
        _spreads(rows, key="product", minimum=hourly),
        minimum,
    )


def _spreads(rows: list[dict], *, key: str, minimum: Decimal | None) -> list[GroupSpread]:
    """Group ``rows`` (one per order, product and mother) by ``key``, each mother once."""
    per_group: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    labels = {}
    for row in rows:
        mine = per_group[row[key]][row["claim__mother_id"]]
        mine[0] += row["earned_sum"]
        mine[1] += row["minutes"]
        labels[row[key]] = _label(row, key)
    spreads = []
    for group, mothers in per_group.items():
        reports = [(earned, minutes) for earned, minutes in mothers.values()]
        enough = len(reports) >= SMALLEST_GROUP
        spread = pay_spread(reports=reports, minimum=minimum) if enough else None
        spreads.append(GroupSpread(group, labels[group], len(reports), spread))
    return sorted(spreads, key=lambda g: (not g.below, g.too_few, g.label, g.key))


def _label(row: dict, key: str) -> str:
    name = display_name_of(row["name"], row["name_en"])
    return f"{name} · #{row['order']}" if key == "order" else name


# The federation's --------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    """Reported time at one cooperative, several merged, or all (``cooperative`` None):
    ``mothers`` women reported; ``hidden`` when that is fewer than SMALLEST_GROUP."""

    cooperative: Cooperative | None
    mothers: int
    minutes: int
    hourly: Decimal | None
    median: Decimal | None
    at_minimum: int | None  # of the mothers' reports, those at or above their minimum
    reports: int
    minimum: Decimal | None = None
    merged: int = 0
    hidden: bool = False

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def share_at_minimum(self) -> int | None:
        if self.at_minimum is None or not self.reports:
            return None
        return round(100 * self.at_minimum / self.reports)


@dataclass(frozen=True)
class FederationHours:
    rows: list[HoursRow]
    others: HoursRow | None
    total: HoursRow


@dataclass(frozen=True)
class _Report:
    """One mother's reported work at one cooperative in the span."""

    cooperative_id: int
    user_id: int
    earned: Decimal
    minutes: int
    minimum: Decimal | None


def federation_hours(span: DateRange) -> FederationHours:
    """Reported time per cooperative over ``span``, merged and hidden as the federation
    overview's small cells are: no figure stands for fewer than SMALLEST_GROUP women. Each
    cooperative is compared with its region's minimum in force on the span's last day.
    Three queries (one when nobody reported)."""
    reports = _reports(span)
    cooperatives = Cooperative.objects.in_bulk({r.cooperative_id for r in reports})
    by_cooperative = defaultdict(list)
    for report in reports:
        by_cooperative[report.cooperative_id].append(report)
    rows = [
        _hours_row(mine, cooperative=cooperatives[pk])
        for pk, mine in sorted(by_cooperative.items(), key=lambda i: cooperatives[i[0]].name)
    ]

    def women(cells) -> int:
        merged_pks = {row.cooperative.pk for row in cells}
        return len({r.user_id for r in reports if r.cooperative_id in merged_pks})

    merged = cells_to_hide(rows, women_in=women)
    others = None
    if merged:
        merged_pks = {row.cooperative.pk for row in merged}
        others = _hours_row([r for r in reports if r.cooperative_id in merged_pks])
        others = HoursRow(**{**others.__dict__, "merged": len(merged)})
        rows = [row for row in rows if row not in merged]
    return FederationHours(rows=rows, others=others, total=_hours_row(reports))


def _reports(span: DateRange) -> list[_Report]:
    rows = (
        reported_handovers(Handover.objects.filter(span.q("received_at")))
        .values(
            "claim__mother_id",
            cooperative=F("claim__order__cooperative_id"),
            user=F("claim__mother__user_id"),
            region=F("claim__order__cooperative__region_id"),
        )
        .annotate(earned_sum=money_sum("earned"), minutes=Sum("minutes_reported"))
        .order_by()
    )
    rows = list(rows)
    regions = {row["region"] for row in rows if row["region"]}
    minima = _minima(regions, day=span.end) if regions else {}
    return [
        _Report(
            cooperative_id=row["cooperative"],
            user_id=row["user"],
            earned=row["earned_sum"],
            minutes=row["minutes"],
            minimum=minima.get(row["region"]),
        )
        for row in rows
    ]


def _minima(regions: set[int], *, day: datetime.date) -> dict[int, Decimal]:
    """Each region's hourly minimum in force on ``day``, in one query."""
    minima = {}
    for wage in MinimumWage.objects.filter(region__in=regions, effective_from__lte=day).order_by(
        "region_id", "-effective_from"
    ):
        minima.setdefault(wage.region_id, wage.hourly)
    return minima


def _hours_row(reports: list[_Report], *, cooperative: Cooperative | None = None) -> HoursRow:
    mothers = len({r.user_id for r in reports})
    earned = sum((r.earned for r in reports), Decimal("0.00"))
    minutes = sum(r.minutes for r in reports)
    compared = [r for r in reports if r.minimum is not None]
    at_minimum = sum(
        effective_pays_minimum(earned=r.earned, minutes=r.minutes, minimum=r.minimum)
        for r in compared
    )
    pairs = [(r.earned, r.minutes) for r in reports]
    return HoursRow(
        cooperative=cooperative,
        mothers=mothers,
        minutes=minutes,
        hourly=effective_hourly_pay(earned=earned, minutes=minutes),
        median=pay_spread(reports=pairs, minimum=None).median if pairs else None,
        at_minimum=at_minimum if compared else None,
        reports=len(compared),
        minimum=reports[0].minimum if cooperative and reports else None,
        hidden=0 < mothers < SMALLEST_GROUP,
    )


def her_month_hours(*, user, today: datetime.date) -> HerHours:
    """Her effective hourly pay this month (China time) over every cooperative she works
    for, against her region's minimum when all of them are in one region. Three queries at
    most."""
    memberships = mother_memberships(user)
    regions = set(memberships.values_list("cooperative__region_id", flat=True))
    region = regions.pop() if len(regions) == 1 else None
    return her_hours(
        memberships=memberships, span=DateRange(month_first(today), today), region_id=region
    )
