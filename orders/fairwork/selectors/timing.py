"""Reads of the timing room: her cooperatives' products with their standard time, and one
product's samples."""

from django.db.models import Count, QuerySet

from marketplace.models import Product
from marketplace.selectors import coordinator_cooperatives
from orders.models import TimingSample


def timed_products_for_coordinator(*, user) -> QuerySet:
    """Her cooperatives' products, each with ``samples`` (how many were timed)."""
    return (
        Product.objects.filter(cooperative__in=coordinator_cooperatives(user))
        .select_related("cooperative")
        .annotate(samples=Count("timing_samples"))
        .order_by("cooperative__name", "name", "pk")
    )


def product_for_coordinator(*, user, product_id: int) -> Product | None:
    return (
        Product.objects.filter(cooperative__in=coordinator_cooperatives(user), pk=product_id)
        .select_related("cooperative__region")
        .first()
    )


def samples_of(product: Product) -> QuerySet:
    return TimingSample.objects.filter(product=product).select_related("recorded_by")


def sample_of(*, product: Product, sample_id: int) -> TimingSample | None:
    return TimingSample.objects.filter(product=product, pk=sample_id).first()
