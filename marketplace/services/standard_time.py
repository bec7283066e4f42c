"""A product's standard time per piece, which the orders app computes from its timed samples
(orders/fairwork/services/timing.py) and keeps here, where production orders default from."""

from decimal import Decimal

from marketplace.models import Product


def product_standard_time_set(*, product_id: int, minutes: Decimal | None) -> None:
    """Keep ``minutes`` per piece (None: not timed) as the product's standard time."""
    Product.objects.filter(pk=product_id).update(standard_minutes=minutes)
