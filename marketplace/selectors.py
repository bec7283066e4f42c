"""Reads of the market that cross relations, each with its joins inside."""

from django.db.models import Prefetch, QuerySet

from marketplace.models import Purchase, PurchaseEvent, PurchaseLine


def purchase_for_buyer(*, token: str) -> Purchase | None:
    """The purchase behind an unguessable link, with its lines and history, or None."""
    if not token or len(token) > 64:
        return None
    return (
        Purchase.objects.filter(token=token)
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseLine.objects.select_related("cooperative")),
            Prefetch("events", queryset=PurchaseEvent.objects.select_related("line")),
        )
        .first()
    )


def purchases_of(user) -> QuerySet:
    return Purchase.objects.filter(buyer=user).prefetch_related("lines")
