"""What a piece rate pays an hour and how it stands against the region's minimum wage, for
the order form, an order's page and the claim page (the rules themselves are in hours.py).

The day that decides which minimum is in force is the day the order is published (China
date); for a draft not yet published, today.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import MinimumWage
from marketplace.money import money_text, to_fen
from orders.fairwork.hours import (
    duration_label,
    duration_steps,
    hourly_pay,
    minimum_wage_in_force,
    minimum_wages_in_force,
    minutes_for,
    pays_minimum,
)
from orders.models import ProductionOrder


@dataclass(frozen=True)
class RateCheck:
    """A rate per piece at a standard time, against the minimum in force on ``day``."""

    rate: Decimal
    minutes_per_piece: Decimal | None
    day: date
    minimum: MinimumWage | None = None
    minimum_hourly: Decimal | None = None

    @property
    def hourly(self) -> Decimal | None:
        """The implied hourly pay, rounded down to the fen; None when not timed."""
        if not self.minutes_per_piece:
            return None
        return hourly_pay(rate=self.rate, minutes_per_piece=self.minutes_per_piece)

    @property
    def pays(self) -> bool | None:
        """Whether it pays at least the minimum (exact); None with nothing to check."""
        if not self.minutes_per_piece or self.minimum_hourly is None:
            return None
        return pays_minimum(
            rate=self.rate, minutes_per_piece=self.minutes_per_piece, minimum=self.minimum_hourly
        )

    @property
    def below(self) -> bool:
        return self.pays is False

    @property
    def statement(self) -> str:
        """The minimum it was checked against, with its region, date and source."""
        if self.minimum is not None:
            return minimum_statement(self.minimum)
        if self.minimum_hourly is not None:
            return _("%(hourly)s an hour") % {"hourly": money_text(self.minimum_hourly)}
        return ""


def rate_check(
    *, rate: Decimal, minutes_per_piece: Decimal | None, region_id: int | None, day: date
) -> RateCheck:
    """``rate`` at ``minutes_per_piece`` against the minimum of the region in force on ``day``."""
    minimum = minimum_wage_in_force(region_id=region_id, day=day)
    return RateCheck(
        rate=rate,
        minutes_per_piece=minutes_per_piece,
        day=day,
        minimum=minimum,
        minimum_hourly=minimum.hourly if minimum else None,
    )


def order_day(order: ProductionOrder) -> date:
    """The day whose minimum applies: the China date it was published, or today for a draft."""
    if order.published_at is None:
        return timezone.localdate()
    return timezone.localdate(order.published_at)


def order_rate_check(*, order: ProductionOrder) -> RateCheck:
    """The check the order was published with (as recorded then), or for a draft the check
    it would get if published today. Select ``cooperative`` and ``minimum_wage__region``."""
    if order.published_at is None:
        return rate_check(
            rate=order.piece_rate,
            minutes_per_piece=order.standard_minutes,
            region_id=order.cooperative.region_id,
            day=order_day(order),
        )
    return RateCheck(
        rate=order.piece_rate,
        minutes_per_piece=order.standard_minutes,
        day=order_day(order),
        minimum=order.minimum_wage,
        minimum_hourly=order.minimum_hourly,
    )


def product_rate_facts(*, products, day: date) -> dict[int, dict]:
    """What the order form needs to show a product's implied hourly pay as the rate is typed:
    its standard time, and its cooperative's minimum in force on ``day`` (in fen, with the
    figure's region, date and source). Two queries, however many products."""
    products = list(products.select_related("cooperative"))
    minimums = minimum_wages_in_force(
        region_ids={p.cooperative.region_id for p in products if p.cooperative.region_id},
        day=day,
    )
    return {p.pk: _facts(p, minimums.get(p.cooperative.region_id)) for p in products}


def _facts(product, minimum: MinimumWage | None) -> dict:
    minutes = product.standard_minutes
    return {
        "minutes": None if minutes is None else f"{minutes:.2f}",
        "minimum_fen": None if minimum is None else to_fen(minimum.hourly),
        "minimum": None if minimum is None else minimum_statement(minimum),
    }


def minimum_statement(minimum: MinimumWage) -> str:
    """ "山东省: ¥24.00 an hour, in force from 2025-10-01 (source: …)", and that it is an
    example when it is one."""
    text = _("%(region)s: %(hourly)s an hour, in force from %(since)s (source: %(source)s)") % {
        "region": minimum.region.display_name,
        "hourly": money_text(minimum.hourly),
        "since": minimum.effective_from.isoformat(),
        "source": minimum.source,
    }
    if minimum.is_example:
        text += " · " + _("an example figure, not an official one")
    return text


# The claim page lists durations up to this many pieces (beyond, it says nothing as she types).
MOST_PIECES_TIMED_ON_PAGE = 1000


def claim_time(*, order: ProductionOrder, pieces: int | None, most: int) -> dict | None:
    """How long ``pieces`` of ``order`` take at its standard time ("约 6 小时"), and the steps
    for any number up to ``most``; None when the order is not timed."""
    minutes = order.standard_minutes
    if not minutes:
        return None
    label = None
    if pieces:
        label = duration_label(minutes_for(pieces=pieces, minutes_per_piece=minutes))
    upto = min(max(most, 0), MOST_PIECES_TIMED_ON_PAGE)
    steps = duration_steps(minutes_per_piece=minutes, most=upto)
    return {"label": label, "upto": upto, "steps": [list(step) for step in steps]}
