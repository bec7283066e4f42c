"""A production order's life, through one guarded transition function.

draft → open → (fully claimed ⇄ open) → in production → completed; cancelled from any state
before completion. ``fully claimed`` ⇄ ``open`` also follows the claimed counter (claims.py).
"""

import logging

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.background import enqueue_on_commit
from marketplace.emails import email_enqueue
from marketplace.exceptions import BusyTryAgain, InvalidTransition
from marketplace.locks import atomic_with_retry, purchase_lines_lock
from marketplace.models import Fulfilment, LineStatus, Membership, PurchaseLine, Role
from orders.exceptions import ProductionError
from orders.fairwork.services.rates import order_rate_decide
from orders.locks import claims_lock, production_order_lock
from orders.models import Claim, ClaimStatus, OrderStatus, ProductionOrder

logger = logging.getLogger(__name__)

# Active claims with pieces not yet handed over.
UNFINISHED = Q(status=ClaimStatus.ACTIVE, quantity__gt=F("accepted") + F("pending"))

ORDER_ALLOWED = {
    OrderStatus.DRAFT: {OrderStatus.OPEN, OrderStatus.CANCELLED},
    OrderStatus.OPEN: {OrderStatus.FULLY_CLAIMED, OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED},
    OrderStatus.FULLY_CLAIMED: {
        OrderStatus.OPEN,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.CANCELLED,
    },
    OrderStatus.IN_PRODUCTION: {OrderStatus.COMPLETED, OrderStatus.CANCELLED},
    # Only a correction that takes back accepted pieces reopens a completed order.
    OrderStatus.COMPLETED: {OrderStatus.IN_PRODUCTION},
    OrderStatus.CANCELLED: set(),
}


def order_transition(*, order: ProductionOrder, to: str) -> ProductionOrder:
    """Move ``order`` to ``to`` if the table allows it from its current state; raises
    InvalidTransition otherwise. A concurrent move is re-read and judged again."""
    current = OrderStatus(order.status)
    if to not in ORDER_ALLOWED[current]:
        raise InvalidTransition(current.label, OrderStatus(to).label)
    if not ProductionOrder.objects.filter(pk=order.pk, status=current).update(status=to):
        order.refresh_from_db()
        return order_transition(order=order, to=to)
    order.status = to
    return order


@atomic_with_retry
def order_publish(
    *, order: ProductionOrder, actor=None, below_minimum_reason: str = ""
) -> ProductionOrder:
    """Open the order for claims and tell the mothers who may take it. Its rate is checked
    against the hourly minimum wage in force today: below it, only with a written reason
    (BelowMinimumNeedsReason otherwise, and nothing is published)."""
    order = order_transition(order=order, to=OrderStatus.OPEN)
    order_rate_decide(order=order, actor=actor, reason=below_minimum_reason)
    # Telling hundreds of mothers is a worker's job, not the publishing request's.
    from orders.production.tasks import order_notify_eligible_task  # the task calls us

    enqueue_on_commit(order_notify_eligible_task, order_pk=order.pk)
    return order


def eligible_mothers(order: ProductionOrder):
    mothers = Membership.objects.filter(
        cooperative_id=order.cooperative_id, role=Role.MOTHER, is_active=True
    ).select_related("user")
    if order.required_skill_id:
        mothers = mothers.filter(skills__skill_id=order.required_skill_id)
    return mothers


def order_notify_eligible(order_pk: int) -> int:
    """Email each eligible mother who has an address; returns how many were told."""
    order = ProductionOrder.objects.select_related("product").get(pk=order_pk)
    told = 0
    for mother in eligible_mothers(order):
        if mother.user.email:
            email_enqueue(
                key=f"order-open.{order.pk}.{mother.pk}",
                subject=_("New work: %(product)s, ¥%(rate)s a piece")
                % {"product": order.product.name, "rate": order.piece_rate},
                body=_("%(quantity)d pieces are open for claims until %(due)s.")
                % {"quantity": order.quantity, "due": order.due_date.isoformat()},
                to=[mother.user.email],
            )
            told += 1
    return told


def claims_return_past_due(*, today=None) -> int:
    """Active claims on orders past their due date give their unfinished pieces back to the
    pool: each claim keeps what she has handed over (accepted or awaiting inspection). Tells
    the mother and her cooperative's coordinators. Returns the number of pieces returned.

    One transaction per order, so that an order busy with other requests is left for the next
    run rather than holding up (or failing) the others."""
    today = today or timezone.localdate()
    overdue = Claim.objects.filter(UNFINISHED, order__due_date__lt=today)
    returned = 0
    for order_pk in sorted(set(overdue.values_list("order_id", flat=True))):
        try:
            returned += _order_claims_return(order_pk=order_pk, today=today)
        except BusyTryAgain:
            logger.warning("order %s busy: its past-due claims wait for the next run", order_pk)
    return returned


@atomic_with_retry
def _order_claims_return(*, order_pk: int, today) -> int:
    order = production_order_lock(order_pk)
    if order.due_date >= today:
        return 0
    returned = {claim.pk: _claim_cut(claim) for claim in claims_lock(order, UNFINISHED)}
    ProductionOrder.objects.filter(pk=order_pk).update(
        claimed=F("claimed") - sum(returned.values())
    )
    ProductionOrder.objects.filter(
        pk=order_pk, status=OrderStatus.FULLY_CLAIMED, claimed__lt=F("quantity")
    ).update(status=OrderStatus.OPEN)
    transaction.on_commit(lambda: past_due_notify(returned))
    return sum(returned.values())


def _claim_cut(claim: Claim) -> int:
    """Keep what she handed over; returns the pieces given back."""
    unfinished = claim.to_make
    kept = claim.accepted + claim.pending
    status = ClaimStatus.RELEASED if kept == 0 else ClaimStatus.ACTIVE
    if kept and claim.accepted == kept:
        status = ClaimStatus.DONE
    Claim.objects.filter(pk=claim.pk).update(quantity=kept, status=status)
    logger.info("claim %s: %s pieces back to the pool", claim.pk, unfinished)
    return unfinished


def past_due_notify(returned: dict[int, int]) -> int:
    """Email each mother whose claim was cut, and her coordinators, what went back."""
    told = 0
    claims = Claim.objects.filter(pk__in=returned).select_related(
        "mother__user", "order__product", "order__cooperative"
    )
    for claim in claims:
        pieces = returned[claim.pk]
        names = {
            "pieces": pieces,
            "product": claim.order.product.name,
            "due": claim.order.due_date.isoformat(),
            "mother": claim.mother.person_name,
        }
        coordinators = Membership.objects.filter(
            cooperative_id=claim.order.cooperative_id, role=Role.COORDINATOR, is_active=True
        ).exclude(user__email="")
        recipients = [
            (claim.mother, _("%(pieces)d pieces of %(product)s went back to the pool")),
            *(
                (c, _("%(mother)s: %(pieces)d pieces of %(product)s went back"))
                for c in coordinators.select_related("user")
            ),
        ]
        for member, subject in recipients:
            address = member.user.email
            if not address:
                continue
            email_enqueue(
                key=f"past-due.{claim.pk}.{claim.quantity}.{member.pk}",
                subject=subject % names,
                body=_(
                    "The due date %(due)s has passed: the %(pieces)d pieces not handed over "
                    "are free for other mothers again. Pieces already handed over still count."
                )
                % names,
                to=[address],
            )
            told += 1
    return told


@atomic_with_retry
def order_create(*, cooperative, product, actor, serves=(), **fields) -> ProductionOrder:
    """A draft production order of ``product`` for ``cooperative``; ``serves`` are paid
    made-to-order purchase lines of that cooperative and product that no live order makes
    yet (the form offers only those; they are checked again here, under lock)."""
    if product.cooperative_id != cooperative.pk:
        raise ProductionError(_("Choose one of your cooperative's products."))
    lines = purchase_lines_lock(
        open_demand(cooperatives=[cooperative.pk]).filter(
            pk__in=[line.pk for line in serves], product_id=product.pk
        )
    )
    if len(lines) != len(serves):
        raise ProductionError(
            _("Some of the chosen purchases are already being made or were cancelled.")
        )
    needed = sum(line.quantity for line in lines)
    if fields.get("quantity", 0) < needed:
        raise ProductionError(
            _("The order must make at least the %(count)d pieces the chosen purchases need.")
            % {"count": needed}
        )
    # The standard time defaults from the product's timed samples (the form may change it).
    if fields.get("standard_minutes") is None:
        fields["standard_minutes"] = product.standard_minutes
    order = ProductionOrder.objects.create(
        cooperative=cooperative, product=product, created_by=actor, **fields
    )
    order.serves.set(lines)
    return order


def open_demand(*, cooperatives):
    """Paid made-to-order lines of ``cooperatives`` (ids or a queryset) that no live
    production order makes."""
    live = ProductionOrder.objects.exclude(status=OrderStatus.CANCELLED)
    return PurchaseLine.objects.filter(
        cooperative__in=cooperatives,
        fulfilment=Fulfilment.MADE_TO_ORDER,
        status=LineStatus.PAID,
    ).exclude(production_orders__in=live)


@atomic_with_retry
def order_cancel(*, order: ProductionOrder) -> ProductionOrder:
    """Stop an order: every claim keeps only its accepted pieces (earned, never taken back).
    Pieces handed over but not inspected must be inspected first."""
    order = production_order_lock(order.pk)
    if any(claim.pending for claim in claims_lock(order)):
        raise ProductionError(_("Inspect the pieces already handed over before cancelling."))
    order = order_transition(order=order, to=OrderStatus.CANCELLED)
    claims = Claim.objects.filter(order=order).exclude(status=ClaimStatus.RELEASED)
    claims.filter(accepted=0).update(quantity=0, status=ClaimStatus.RELEASED)
    claims.filter(accepted__gt=0).update(quantity=F("accepted"), status=ClaimStatus.DONE)
    held = Claim.objects.filter(order=order).aggregate(total=Sum("quantity"))["total"] or 0
    ProductionOrder.objects.filter(pk=order.pk).update(claimed=held)
    order.claimed = held
    return order
