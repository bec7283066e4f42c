"""The demo's fair rates (``data/fair_rates.toml``): timed samples for the demo products (so
each has a standard time), the standard time on the demo orders, and for the orders already
open the check against the example minimum wage, with the coordinator's written reason where
the rate pays below it."""

from decimal import Decimal

from marketplace.demo.datafiles import datafile_load
from marketplace.models import Membership, Product, Role
from orders.fairwork.services.rates import order_rate_decide
from orders.fairwork.services.timing import timing_sample_record
from orders.models import OrderStatus, ProductionOrder, TimingSample

FAIR_RATES = datafile_load(__file__, "fair_rates")


def seed_fair_rates(orders: dict[str, ProductionOrder]) -> int:
    """Samples, then the orders' standard times and checks; returns the samples added."""
    added = sum(_samples(sku, rows) for sku, rows in FAIR_RATES["samples"].items())
    for order in ProductionOrder.objects.filter(pk__in=[o.pk for o in orders.values()]):
        _order_timed(order)
    return added


def _samples(sku: str, rows: list[dict]) -> int:
    product = Product.objects.get(sku=sku)
    if TimingSample.objects.filter(product=product).exists():
        return 0
    actor = _coordinator(product.cooperative_id)
    for row in rows:
        timing_sample_record(
            product=product,
            pieces=row["pieces"],
            minutes=Decimal(str(row["minutes"])),
            actor=actor,
            note=row["note"],
        )
    return len(rows)


def _order_timed(order: ProductionOrder) -> None:
    """The product's standard time on an order without one, and for an order already open
    (the demo creates them open) the check it gets when published, once."""
    order = ProductionOrder.objects.select_related("cooperative", "product").get(pk=order.pk)
    if order.standard_minutes is None and order.product.standard_minutes is not None:
        order.standard_minutes = order.product.standard_minutes
        ProductionOrder.objects.filter(pk=order.pk).update(standard_minutes=order.standard_minutes)
    if order.status == OrderStatus.DRAFT or order.published_at is not None:
        return
    order_rate_decide(
        order=order,
        actor=_coordinator(order.cooperative_id),
        reason=FAIR_RATES["below_minimum"].get(order.product.sku, ""),
    )


def _coordinator(cooperative_id: int):
    membership = Membership.objects.filter(
        cooperative_id=cooperative_id, role=Role.COORDINATOR
    ).select_related("user")
    return membership.first().user
