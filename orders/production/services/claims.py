"""Claims on first-come production orders: take, raise, lower, release.

``claim_set`` moves the order's ``claimed`` counter by one conditional UPDATE
(``claimed + delta <= quantity``), so however many mothers tap at the same second the order
is never over-claimed; the ``order_never_over_claimed`` CheckConstraint backs it. The order
row and then her claim row are locked first, in the site's one lock order (marketplace/locks.py:
a coordinator cancelling the order takes them in the same order), so two taps of her own
cannot lose an update and no claim change deadlocks with the order's other steps.
"""

from dataclasses import dataclass

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone

from marketplace.locks import atomic_with_retry
from marketplace.models import Membership, Role
from orders.exceptions import (
    ClaimBelowHandedOver,
    ClaimExceedsRemaining,
    ClaimOutOfLimits,
    NotEligible,
    OrderNotClaimable,
    OrderPastDue,
)
from orders.locks import her_claim_lock, production_order_lock
from orders.models import Claim, ClaimStatus, MemberSkill, OrderStatus, ProductionOrder
from orders.production.services.handovers import claim_settle, lines_refresh

CLAIMABLE = (OrderStatus.OPEN, OrderStatus.FULLY_CLAIMED)


@dataclass(frozen=True)
class ClaimLimits:
    """The numbers she may set her claim (or request) to, and no others: ``least`` to
    ``most``; ``floor``, letting go of every piece she has not handed over (0, a release,
    when she has handed over none); or ``held``, what she holds now, which changes nothing.

    The claim page offers these and ``claim_set`` takes these: one rule, read by both.
    """

    least: int
    most: int
    cap: int
    floor: int = 0
    held: int = 0

    def allows(self, quantity: int) -> bool:
        return quantity in (self.floor, self.held) or self.least <= quantity <= self.most

    @property
    def can_let_go(self) -> bool:
        """She holds pieces she has not handed over, and may give them back."""
        return self.floor < self.held

    def check(self, quantity: int) -> None:
        """Raises why ``quantity`` is not one of the allowed numbers."""
        if self.allows(quantity):
            return
        if self.floor > 0 and quantity < self.floor:
            raise ClaimBelowHandedOver(self.floor)
        if self.least <= quantity <= self.cap:
            raise ClaimExceedsRemaining(self.most - self.held)
        raise ClaimOutOfLimits(self.least, self.cap, handed=self.floor)


def claim_limits(*, order: ProductionOrder, held: int = 0, handed: int = 0) -> ClaimLimits:
    """What a mother who ``held`` pieces of ``order``, ``handed`` of them over already, may
    set her claim to: from the order's smallest claim (or the pieces she handed over, if
    more) to its cap per mother, and on a first-come order never past what is left besides
    what she holds; or down to the pieces she handed over. A request may be more than is
    left: the sharing out keeps it fair. A race for the last pieces is ``claim_set``'s to
    settle."""
    most = order.max_per_mother
    if not order.takes_requests:
        most = min(most, order.remaining + held)
    return ClaimLimits(
        least=max(order.min_claim, handed),
        most=most,
        cap=order.max_per_mother,
        floor=handed,
        held=held,
    )


def order_has_room(*, order: ProductionOrder) -> bool:
    """Whether a mother holding nothing of ``order`` could still take (or ask for) some of
    it: the line between open work and the fully claimed."""
    limits = claim_limits(order=order)
    return limits.most >= limits.least


def claim_open_check(*, order: ProductionOrder) -> None:
    """Raises why no mother may claim ``order`` now, whoever she is: the claim page says so
    before she tries.

    A request-window order takes claims only once its requests have been shared out (for
    what is left, and for each mother's own allocation)."""
    if order.takes_requests or order.status not in CLAIMABLE:
        raise OrderNotClaimable
    if not order.cooperative.is_active:
        raise NotEligible
    if order.due_date < timezone.localdate():
        raise OrderPastDue


def mother_check(
    *, order: ProductionOrder, mother: Membership, quantity: int, held: int = 0, handed: int = 0
) -> None:
    """Raises why ``mother``, who ``held`` pieces of an open ``order`` and ``handed`` over
    some of them, may not hold, or ask for, ``quantity`` pieces: she is not its cooperative's
    active mother with its skill, or the number is not one ``claim_limits`` allows."""
    if not member_eligible(order=order, mother=mother):
        raise NotEligible
    claim_limits(order=order, held=held, handed=handed).check(quantity)


def member_eligible(*, order: ProductionOrder, mother: Membership) -> bool:
    if not (mother.is_active and mother.role == Role.MOTHER):
        return False
    if mother.cooperative_id != order.cooperative_id:
        return False
    return (
        order.required_skill_id is None
        or MemberSkill.objects.filter(membership=mother, skill_id=order.required_skill_id).exists()
    )


def claim_set(*, order: ProductionOrder, mother: Membership, quantity: int) -> Claim:
    """Make ``mother``'s claim on ``order`` exactly ``quantity`` pieces (0 releases it).

    Raises a ClaimError (nothing changed) when it cannot be: the losers of a race are told
    how many pieces are left.
    """
    try:
        return _claim_set(order=order, mother=mother, quantity=quantity)
    except IntegrityError:
        # Her first claim raced another first claim of hers: the row exists now; once more.
        return _claim_set(order=order, mother=mother, quantity=quantity)


@atomic_with_retry
def _claim_set(*, order: ProductionOrder, mother: Membership, quantity: int) -> Claim:
    order = production_order_lock(order.pk)
    claim_open_check(order=order)
    claim = her_claim_lock(order, mother, quantity=0)
    # Judged on the locked rows: what is left and what she handed over cannot move now.
    mother_check(
        order=order, mother=mother, quantity=quantity, held=claim.quantity, handed=claim.handed
    )
    delta = quantity - claim.quantity
    if delta > 0:
        _take(order=order, pieces=delta)
    elif delta < 0:
        ProductionOrder.objects.filter(pk=order.pk).update(claimed=F("claimed") + delta)
    claim.quantity = quantity
    claim.status = ClaimStatus.ACTIVE if quantity else ClaimStatus.RELEASED
    claim.save(update_fields=["quantity", "status", "updated_at"])
    claim_settle(claim.pk)
    _update_fullness(order.pk)
    lines_refresh(order)
    claim.refresh_from_db(fields=["status"])
    return claim


def _take(*, order: ProductionOrder, pieces: int) -> None:
    taken = ProductionOrder.objects.filter(
        pk=order.pk, status__in=CLAIMABLE, claimed__lte=F("quantity") - pieces
    ).update(claimed=F("claimed") + pieces)
    if not taken:
        left = ProductionOrder.objects.values_list("quantity", "claimed").get(pk=order.pk)
        raise ClaimExceedsRemaining(left[0] - left[1])


def _update_fullness(order_pk: int) -> None:
    """open ⇄ fully claimed, as the counter says."""
    ProductionOrder.objects.filter(
        pk=order_pk, status=OrderStatus.OPEN, claimed=F("quantity")
    ).update(status=OrderStatus.FULLY_CLAIMED)
    ProductionOrder.objects.filter(
        pk=order_pk, status=OrderStatus.FULLY_CLAIMED, claimed__lt=F("quantity")
    ).update(status=OrderStatus.OPEN)
