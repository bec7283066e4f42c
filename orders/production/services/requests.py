"""Request-window orders: mothers ask for pieces until the window closes, then the order's
quantity is shared out by max–min fairness (orders/production/allocation.py).

A request changes no counter: ``Claim.requested`` records what she asked for and
``requested_at`` when she last changed it (the stated tie-break: earlier requests get the odd
pieces first). Closing the window is done once, under a lock on the order row, and turns
each request into a claim of her allocation; whatever nobody asked for stays claimable
first come.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.emails import email_enqueue
from marketplace.exceptions import BusyTryAgain
from marketplace.locks import atomic_with_retry
from marketplace.models import Membership
from orders.exceptions import (
    NotEligible,
    OrderNotClaimable,
    OrderPastDue,
    RequestsClosed,
)
from orders.locks import claims_lock, her_claim_lock, production_order_lock
from orders.models import Claim, ClaimStatus, OrderMode, OrderStatus, ProductionOrder
from orders.production.allocation import Request, allocate
from orders.production.services.claims import mother_check
from orders.production.services.handovers import lines_refresh

logger = logging.getLogger(__name__)


def request_open_check(*, order: ProductionOrder) -> None:
    """Raises why no mother may ask for pieces of ``order`` now, whoever she is: the order
    page says so before she tries."""
    if not order.takes_requests or order.status != OrderStatus.OPEN:
        raise OrderNotClaimable
    if order.due_date < timezone.localdate():
        raise OrderPastDue
    if order.window_closes_at and order.window_closes_at <= timezone.now():
        raise RequestsClosed
    if not order.cooperative.is_active:
        raise NotEligible


def request_check(*, order: ProductionOrder, mother: Membership, quantity: int) -> None:
    """Raises why ``mother`` may not ask for ``quantity`` pieces of ``order`` (0 = withdraw):
    a request may be more than is left, the sharing out keeps it fair."""
    request_open_check(order=order)
    mother_check(order=order, mother=mother, quantity=quantity)


@atomic_with_retry
def request_set(*, order: ProductionOrder, mother: Membership, quantity: int) -> Claim:
    """Ask for ``quantity`` pieces of a request-window order (0 withdraws the request)."""
    order = production_order_lock(order.pk)
    request_check(order=order, mother=mother, quantity=quantity)
    claim = her_claim_lock(order, mother, quantity=0, status=ClaimStatus.REQUESTED)
    if claim.requested != quantity:
        claim.requested = quantity
        claim.requested_at = timezone.now()
    claim.status = ClaimStatus.REQUESTED if quantity else ClaimStatus.RELEASED
    claim.save(update_fields=["requested", "requested_at", "status", "updated_at"])
    return claim


def window_close(*, order: ProductionOrder, now=None, early: bool = False) -> dict[int, int]:
    """Share out a request window whose time has come (or now, if ``early``): returns each
    requesting member's allocation. A second close changes nothing and returns {}."""
    shares = _window_close(order_pk=order.pk, now=now or timezone.now(), early=early)
    if shares:
        logger.info("order %s shared out: %s", order.pk, shares)
    return shares


@atomic_with_retry
def _window_close(*, order_pk: int, now, early: bool) -> dict[int, int]:
    order = production_order_lock(order_pk)
    if not order.takes_requests or order.status != OrderStatus.OPEN:
        return {}
    if not early and order.window_closes_at and order.window_closes_at > now:
        return {}
    claims = claims_lock(order, status=ClaimStatus.REQUESTED)
    ranked = sorted(claims, key=lambda c: (c.requested_at or now, c.mother_id))
    requests = [
        Request(key=claim.mother_id, quantity=claim.requested, order=position)
        for position, claim in enumerate(ranked)
    ]
    shares = allocate(requests, order.quantity - order.claimed, minimum=order.min_claim)
    for claim in claims:
        claim.quantity = claim.allocated = shares[claim.mother_id]
        claim.status = ClaimStatus.ACTIVE if claim.quantity else ClaimStatus.RELEASED
    Claim.objects.bulk_update(claims, ["quantity", "allocated", "status"])
    order.claimed += sum(shares.values())
    order.allocated_at = now
    if order.claimed == order.quantity:
        order.status = OrderStatus.FULLY_CLAIMED
    order.save(update_fields=["claimed", "allocated_at", "status"])
    lines_refresh(order)
    transaction.on_commit(lambda: allocation_notify(order.pk))
    return shares


def windows_close_due(*, now=None) -> int:
    """Close every request window whose time has passed; returns how many were closed."""
    now = now or timezone.now()
    due = ProductionOrder.objects.filter(
        mode=OrderMode.REQUEST_WINDOW,
        status=OrderStatus.OPEN,
        allocated_at__isnull=True,
        window_closes_at__lte=now,
    ).values_list("pk", flat=True)
    closed = 0
    for pk in list(due):
        try:
            closed += bool(window_close(order=ProductionOrder(pk=pk), now=now))
        except BusyTryAgain:
            logger.warning("order %s busy: its window closes at the next run", pk)
    return closed


def allocation_notify(order_pk: int) -> int:
    """Tell each requesting mother with an email address what she was given."""
    order = ProductionOrder.objects.select_related("product").get(pk=order_pk)
    told = 0
    claims = Claim.objects.filter(order=order, requested__gt=0).select_related("mother__user")
    for claim in claims:
        if not claim.mother.user.email:
            continue
        email_enqueue(
            key=f"allocation.{order.pk}.{claim.pk}",
            subject=_("Your share of %(product)s") % {"product": order.product.name},
            body=_("You asked for %(requested)d pieces and were given %(given)d. Due %(due)s.")
            % {
                "requested": claim.requested,
                "given": claim.quantity,
                "due": order.due_date.isoformat(),
            },
            to=[claim.mother.user.email],
        )
        told += 1
    return told
