"""Reads of the coordinator's production workspace, scoped by her coordinator memberships:
another cooperative's order, claim, handover or inspection is simply not found.

The order page's claims come with their mother, handovers, current inspection results,
rejections and earnings in a fixed number of queries, however many claims there are.
"""

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from marketplace.listing import purchase_number
from marketplace.models import Product
from marketplace.money import MONEY, ZERO
from marketplace.selectors import coordinator_cooperatives
from orders.models import (
    Claim,
    ClaimStatus,
    Handover,
    Inspection,
    LedgerEntry,
    OrderStatus,
    ProductionOrder,
    Rejection,
    RejectionReason,
)

LIVE = (OrderStatus.OPEN, OrderStatus.FULLY_CLAIMED, OrderStatus.IN_PRODUCTION)
ORDER_TABS = {
    "live": LIVE,
    "draft": (OrderStatus.DRAFT,),
    "completed": (OrderStatus.COMPLETED,),
    "cancelled": (OrderStatus.CANCELLED,),
}


def orders_for_coordinator(*, user, tab: str = "live", query: str = "") -> QuerySet:
    """Her cooperatives' production orders in ``tab`` (those matching ``query`` when given),
    soonest due first, with ``pending`` (pieces awaiting inspection) and ``makers`` (mothers
    holding pieces)."""
    return (
        _orders_of(user, query)
        .filter(status__in=ORDER_TABS[tab])
        .select_related("product", "cooperative", "required_skill")
        .annotate(
            pending=Coalesce(Sum("claims__pending"), 0),
            makers=Count("claims", filter=Q(claims__quantity__gt=0)),
        )
        .order_by("due_date", "pk")
    )


def order_tab_counts(*, user, query: str = "") -> dict[str, int]:
    counts = dict(_orders_of(user, query).order_by().values_list("status").annotate(n=Count("pk")))
    return {tab: sum(counts.get(s, 0) for s in statuses) for tab, statuses in ORDER_TABS.items()}


def _orders_of(user, query: str) -> QuerySet:
    """Her cooperatives' orders whose product (either name, or SKU) is ``query``, or that
    serve the purchase numbered ``query``; all of them when ``query`` is empty."""
    orders = ProductionOrder.objects.filter(cooperative__in=coordinator_cooperatives(user))
    if not query:
        return orders
    found = (
        Q(product__name__icontains=query)
        | Q(product__name_en__icontains=query)
        | Q(product__sku__iexact=query)
    )
    if (number := purchase_number(query)) is not None:
        # A subquery, not a join: joining the lines served would multiply the sums above.
        serving = ProductionOrder.serves.through.objects.filter(purchaseline__purchase_id=number)
        found |= Q(pk__in=serving.values("productionorder_id"))
    return orders.filter(found)


def order_for_coordinator(*, user, order_id: int) -> ProductionOrder | None:
    return (
        ProductionOrder.objects.filter(cooperative__in=coordinator_cooperatives(user), pk=order_id)
        .select_related(
            "product",
            "cooperative",
            "required_skill",
            "photo",
            "minimum_wage__region",
            "below_minimum_by",
        )
        .first()
    )


def current_inspections() -> QuerySet:
    """The results that count: each inspection not corrected since, with its rejections."""
    return (
        Inspection.objects.filter(correction__isnull=True)
        .select_related("corrects")
        .prefetch_related(
            Prefetch("rejections", queryset=Rejection.objects.select_related("reason"))
        )
    )


def _earned(claim_ref: str = "pk") -> Subquery:
    earned = (
        LedgerEntry.objects.filter(inspection__handover__claim_id=OuterRef(claim_ref))
        .order_by()
        .values("inspection__handover__claim_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(earned, output_field=MONEY), ZERO, output_field=MONEY)


def claims_of_order(order: ProductionOrder) -> QuerySet:
    """Every claim on ``order`` that holds, held or asked for pieces: active first, then done,
    requested and released; each with its mother, handovers (newest first) with their current
    result, and ``earned``."""
    handovers = Handover.objects.order_by("-received_at", "-pk").prefetch_related(
        Prefetch("inspections", queryset=current_inspections(), to_attr="current")
    )
    return (
        Claim.objects.filter(order=order)
        .exclude(status=ClaimStatus.RELEASED, accepted=0, requested=0)
        .select_related("mother__user")
        .prefetch_related(Prefetch("handovers", queryset=handovers))
        .annotate(earned=_earned())
        .order_by("status", "created_at", "pk")
    )


def handover_for_coordinator(*, user, order: ProductionOrder, handover_id: int):
    return (
        Handover.objects.filter(
            pk=handover_id,
            claim__order=order,
            claim__order__cooperative__in=coordinator_cooperatives(user),
        )
        .select_related("claim__mother__user")
        .first()
    )


def inspection_for_coordinator(*, user, order: ProductionOrder, inspection_id: int):
    return (
        Inspection.objects.filter(
            pk=inspection_id,
            handover__claim__order=order,
            handover__claim__order__cooperative__in=coordinator_cooperatives(user),
        )
        .select_related("handover__claim__mother__user")
        .prefetch_related("rejections")
        .first()
    )


def reasons_of(cooperative_id: int, *, active_only: bool = True) -> QuerySet:
    reasons = RejectionReason.objects.filter(cooperative_id=cooperative_id)
    return reasons.filter(is_active=True) if active_only else reasons


def products_for_coordinator(*, user) -> QuerySet:
    return Product.objects.filter(cooperative__in=coordinator_cooperatives(user)).select_related(
        "cooperative"
    )
