"""Reads of prepared files: whose are they to see."""

from django.db.models import Q

from marketplace.selectors import coordinator_cooperatives
from orders.models import PreparedFile


def prepared_for(*, user, prepared_id: int) -> PreparedFile | None:
    """The prepared file ``prepared_id`` if ``user`` asked for it or coordinates its
    cooperative; None otherwise (whether or not it exists)."""
    if not user.is_authenticated:
        return None
    return (
        PreparedFile.objects.filter(
            Q(asked_by=user) | Q(cooperative__in=coordinator_cooperatives(user)),
            pk=prepared_id,
        )
        .select_related("cooperative")
        .first()
    )
