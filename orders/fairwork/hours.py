"""The one place where a piece rate meets an hour: implied and effective hourly pay, the check
against the minimum wage, and how long a number of pieces takes.

Rounding, decided once for every page, export and payslip:

- An hourly figure is **rounded down to the fen**: a page never shows a mother more per hour
  than the rate pays.
- Whether a rate pays at least the minimum is decided **exactly**, before any rounding
  (rate × 60 ≥ minimum × minutes per piece), so a rate that pays ¥24.996 an hour against a
  ¥25.00 minimum is below it, although both round to 25.00 — and the page then shows ¥24.99.

Her **effective hourly pay** counts what she is paid for over the time she says the whole
handover took: the accepted pieces of its current result × the order's rate ÷ her reported
minutes. A rejected piece earns nothing but took time, so it lowers the figure, as it lowered
her pay. Over several handovers it is their earnings summed ÷ their minutes summed (an
hour-weighted average), and across mothers each mother counts once (``pay_spread``).
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.models import MinimumWage
from marketplace.money import FEN

MINUTES_PER_HOUR = Decimal(60)


def hourly_pay(*, rate: Decimal, minutes_per_piece: Decimal) -> Decimal:
    """What ``rate`` per piece pays an hour when a piece takes ``minutes_per_piece``, rounded
    down to the fen. Both must be positive (forms refuse zero and negatives before this)."""
    if minutes_per_piece <= 0:
        raise ValueError("minutes per piece must be positive")
    return (rate * MINUTES_PER_HOUR / minutes_per_piece).quantize(FEN, rounding=ROUND_DOWN)


def least_rate(*, minimum: Decimal, minutes_per_piece: Decimal) -> Decimal:
    """The smallest rate per piece, in whole fen, that pays ``minimum`` an hour at
    ``minutes_per_piece``: rounded UP, so that ``pays_minimum`` holds for it."""
    return (minimum * minutes_per_piece / MINUTES_PER_HOUR).quantize(FEN, rounding=ROUND_UP)


def effective_hourly_pay(*, earned: Decimal, minutes: int | Decimal) -> Decimal | None:
    """What ``earned`` over ``minutes`` of reported work comes to per hour (rounded down to
    the fen), or None when no time was reported."""
    if not minutes or minutes <= 0:
        return None
    return (earned * MINUTES_PER_HOUR / Decimal(minutes)).quantize(FEN, rounding=ROUND_DOWN)


def pays_minimum(*, rate: Decimal, minutes_per_piece: Decimal, minimum: Decimal) -> bool:
    """Whether ``rate`` per piece pays at least ``minimum`` an hour: exact, never rounded."""
    return rate * MINUTES_PER_HOUR >= minimum * minutes_per_piece


def minimum_wage_in_force(*, region_id: int | None, day: date) -> MinimumWage | None:
    """The region's part-time hourly minimum wage in force on ``day`` (the latest figure that
    took effect on or before it), or None when the region has none or there is no region."""
    if region_id is None:
        return None
    return (
        MinimumWage.objects.filter(region_id=region_id, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def minimum_wages_in_force(*, region_ids, day: date) -> dict[int, MinimumWage]:
    """``minimum_wage_in_force`` for several regions in one query: region id → its figure
    in force on ``day`` (regions with none are left out), with the region selected."""
    latest: dict[int, MinimumWage] = {}
    figures = MinimumWage.objects.filter(region_id__in=region_ids, effective_from__lte=day)
    for wage in figures.select_related("region").order_by("region_id", "-effective_from"):
        latest.setdefault(wage.region_id, wage)
    return latest


def minutes_for(*, pieces: int, minutes_per_piece: Decimal) -> Decimal:
    """How many minutes ``pieces`` take at the standard time."""
    return pieces * minutes_per_piece


def duration_label(minutes: Decimal | int) -> str:
    """A rough, friendly duration: "约 25 分钟" under an hour (to 5 minutes), else "约 6 小时" or
    "约 6.5 小时" (to the half hour)."""
    minutes = Decimal(minutes)
    if minutes < 55:
        rounded = max(5, int((minutes / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5)
        return ngettext("about %(n)d minute", "about %(n)d minutes", rounded) % {"n": rounded}
    halves = int((minutes / 30).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    hours = Decimal(halves) / 2
    shown = f"{hours:.1f}" if halves % 2 else f"{int(hours)}"
    return _("about %(hours)s hours") % {"hours": shown}


@dataclass(frozen=True)
class Spread:
    """Reported effective hourly pay across mothers: lower quartile, median and upper
    quartile (each rounded down to the fen), and whether the median is below the minimum
    (decided exactly, before rounding; None when there is no minimum to compare with)."""

    low: Decimal
    median: Decimal
    high: Decimal
    mothers: int
    below: bool | None


def pay_spread(*, reports: Sequence[tuple[Decimal, int]], minimum: Decimal | None) -> Spread:
    """The spread of ``reports``, one (earned, minutes) per mother: each mother's pay is her
    earnings over her reported minutes, so a mother who reports often weighs no more than one
    who reports once. Needs at least one report with minutes."""
    rates = sorted(earned * MINUTES_PER_HOUR / Decimal(minutes) for earned, minutes in reports)
    if len(rates) == 1:
        low = middle = high = rates[0]
    else:
        low, middle, high = statistics.quantiles(rates, n=4, method="inclusive")
    return Spread(
        low=_down(low),
        median=_down(middle),
        high=_down(high),
        mothers=len(rates),
        below=None if minimum is None else middle < minimum,
    )


def _down(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_DOWN)


def effective_pays_minimum(*, earned: Decimal, minutes: int, minimum: Decimal) -> bool:
    """Whether ``earned`` over ``minutes`` of reported work pays at least ``minimum`` an
    hour: exact, never rounded."""
    return earned * MINUTES_PER_HOUR >= minimum * minutes


def duration_steps(*, minutes_per_piece: Decimal, most: int) -> list[tuple[int, str]]:
    """``duration_label`` of 1 to ``most`` pieces as steps: (pieces, label) where the label
    changes, so that a page can say how long any number up to ``most`` takes without
    repeating the rounding (the claim page's script picks the last step at or below)."""
    steps: list[tuple[int, str]] = []
    for pieces in range(1, most + 1):
        label = duration_label(minutes_for(pieces=pieces, minutes_per_piece=minutes_per_piece))
        if not steps or steps[-1][1] != label:
            steps.append((pieces, label))
    return steps
