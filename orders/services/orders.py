"""A production order's life, through one guarded transition function.

draft → open → (fully claimed ⇄ open) → in production → completed; cancelled from any state
before completion. ``fully claimed`` ⇄ ``open`` also follows the claimed counter (claims.py).
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidTransition
from marketplace.models import Membership, Role
from orders.models import Claim, ClaimStatus, OrderStatus, ProductionOrder

logger = logging.getLogger(__name__)

ORDER_ALLOWED = {
    OrderStatus.DRAFT: {OrderStatus.OPEN, OrderStatus.CANCELLED},
    OrderStatus.OPEN: {OrderStatus.FULLY_CLAIMED, OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED},
    OrderStatus.FULLY_CLAIMED: {
        OrderStatus.OPEN,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.CANCELLED,
    },
    OrderStatus.IN_PRODUCTION: {OrderStatus.COMPLETED, OrderStatus.CANCELLED},
    OrderStatus.COMPLETED: set(),
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


@transaction.atomic
def order_publish(*, order: ProductionOrder) -> ProductionOrder:
    """Open the order for claims and tell the mothers who may take it."""
    order = order_transition(order=order, to=OrderStatus.OPEN)
    transaction.on_commit(lambda: order_notify_eligible(order.pk))
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
            send_mail(
                _("New work: %(product)s, ¥%(rate)s a piece")
                % {"product": order.product.name, "rate": order.piece_rate},
                _("%(quantity)d pieces are open for claims until %(due)s.")
                % {"quantity": order.quantity, "due": order.due_date.isoformat()},
                None,
                [mother.user.email],
            )
            told += 1
    return told


@transaction.atomic
def claims_return_past_due(*, today=None) -> int:
    """Active claims on orders past their due date give their unfinished pieces back to the
    pool. Returns the number of pieces returned. (Until handovers exist, a claim's unfinished
    part is all of it.)"""
    today = today or timezone.localdate()
    returned = 0
    overdue = Claim.objects.select_for_update().filter(
        status=ClaimStatus.ACTIVE, quantity__gt=0, order__due_date__lt=today
    )
    for claim in overdue:
        ProductionOrder.objects.filter(pk=claim.order_id).update(
            claimed=F("claimed") - claim.quantity
        )
        returned += claim.quantity
        logger.info("claim %s: %s pieces back to the pool", claim.pk, claim.quantity)
        Claim.objects.filter(pk=claim.pk).update(quantity=0, status=ClaimStatus.RELEASED)
    return returned
