"""The demo's reported times (data/hours.toml): how long the mothers said their handovers
took, and one more handover so that three mothers reported on one order. Created only where
missing, so seeding twice changes nothing."""

from marketplace.demo.datafiles import datafile_load
from orders.models import Claim, Handover, ProductionOrder

HOURS = datafile_load(__file__, "hours")


def seed_reported_times(orders: dict[str, ProductionOrder], *, handover) -> int:
    """Apply data/hours.toml to ``orders`` (marker → order); ``handover(claim, row)`` records
    one handover as the rest of the demo does. Returns the times newly said."""
    for row in HOURS["handovers"]:
        claim = _claim(orders[row["order"]], row["mother"])
        if claim is not None and not claim.handovers.exists():
            handover(claim, row)
    said = 0
    for row in HOURS["times"]:
        claim = _claim(orders[row["order"]], row["mother"])
        mine = list(claim.handovers.order_by("received_at", "pk")) if claim else []
        if len(mine) >= row["nth"] and mine[row["nth"] - 1].minutes_reported is None:
            pk = mine[row["nth"] - 1].pk
            said += Handover.objects.filter(pk=pk).update(minutes_reported=row["minutes"])
    return said


def _claim(order: ProductionOrder, username: str) -> Claim | None:
    return Claim.objects.filter(order=order, mother__user__username=username).first()
