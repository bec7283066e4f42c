"""Publishing an order records its fair-rate check; below the minimum only with a reason."""

from django.utils import timezone

from orders.exceptions import BelowMinimumNeedsReason
from orders.fairwork.selectors.rates import rate_check
from orders.models import ProductionOrder

LONGEST_REASON = 1000


def order_rate_decide(*, order: ProductionOrder, actor, reason: str = "") -> ProductionOrder:
    """Record on ``order``, as it is published now, its standard time's hourly pay against the
    minimum in force today (China date). An order paying below it needs ``reason`` (raises
    BelowMinimumNeedsReason without one), kept with who decided and when. Runs inside the
    publishing transaction, so a refusal publishes nothing."""
    now = timezone.now()
    check = rate_check(
        rate=order.piece_rate,
        minutes_per_piece=order.standard_minutes,
        region_id=order.cooperative.region_id,
        day=timezone.localdate(now),
    )
    reason = reason.strip()[:LONGEST_REASON]
    if check.below and not reason:
        raise BelowMinimumNeedsReason
    fields = {
        "published_at": now,
        "minimum_wage": check.minimum,
        "minimum_hourly": check.minimum_hourly,
        "pays_minimum": check.pays,
    }
    if check.below:
        fields |= {
            "below_minimum_reason": reason,
            "below_minimum_by": actor,
            "below_minimum_at": now,
        }
    ProductionOrder.objects.filter(pk=order.pk).update(**fields)
    for name, value in fields.items():
        setattr(order, name, value)
    return order
