"""The cooperative's side of a purchase: pack, ship, deliver, cancel a line, refund money.

Every step goes through ``line_transition`` (the guard table in ``services.purchases``) and
the buyer hears of it by email once the step has committed.

A refund *reserves before it pays*. The pending ``Refund`` row and, for a line, the raised
``refunded_amount`` are committed first, under the purchase's row lock and a conditional
UPDATE, so refunds racing each other can never together pass what was paid. Only then is
Stripe asked, with the idempotency key ``refund-<pk>``: a crash in between leaves a pending
refund that the same key settles without paying twice. When Stripe refuses, the reservation
is given back and the refund is recorded as failed.
"""

import logging
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from marketplace import emails
from marketplace import stripe_gateway as gateway
from marketplace.exceptions import MarketError, RefundNotPossible
from marketplace.locks import atomic_with_retry, purchase_lock
from marketplace.models import (
    LineStatus,
    Purchase,
    PurchaseEvent,
    PurchaseEventKind,
    PurchaseLine,
    PurchaseStatus,
    Refund,
)
from marketplace.models.purchases import RefundStatus
from marketplace.money import NO_MONEY, money
from marketplace.services.purchases import line_transition, purchase_transition
from marketplace.services.stock import stock_release

logger = logging.getLogger(__name__)

# Pending refunds count as given back: the money is on its way, and must not be offered twice.
COUNTED = (RefundStatus.PENDING, RefundStatus.SUCCEEDED)
STRIPE_STATUSES = {
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}
CARRIER_MAX = TRACKING_MAX = 40
REASON_MAX = 200


class ShipmentDetailsMissing(MarketError):
    def __init__(self):
        super().__init__(
            _("Enter the carrier and the tracking number (at most 40 characters each).")
        )


class ReasonMissing(MarketError):
    def __init__(self):
        super().__init__(_("Give a reason (at most 200 characters)."))


# Steps ---------------------------------------------------------------------------------


@atomic_with_retry
def _line_step(*, line: PurchaseLine, to: str, actor, note: str = "") -> PurchaseLine:
    purchase_lock(line.purchase_id)
    line = line_transition(line=line, to=to, note=note[:REASON_MAX], actor=actor)
    transaction.on_commit(partial(emails.line_status_notify, line.purchase_id, line.pk))
    return line


def line_pack(*, line: PurchaseLine, actor) -> PurchaseLine:
    return _line_step(line=line, to=LineStatus.PACKED, actor=actor)


@atomic_with_retry
def line_ship(*, line: PurchaseLine, carrier: str, tracking_number: str, actor) -> PurchaseLine:
    """Shipped with ``carrier`` under ``tracking_number``, both required; the buyer's email
    carries them."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not (0 < len(carrier) <= CARRIER_MAX and 0 < len(tracking_number) <= TRACKING_MAX):
        raise ShipmentDetailsMissing
    line = _line_step(
        line=line, to=LineStatus.SHIPPED, actor=actor, note=f"{carrier} {tracking_number}"
    )
    PurchaseLine.objects.filter(pk=line.pk).update(carrier=carrier, tracking_number=tracking_number)
    line.carrier, line.tracking_number = carrier, tracking_number
    return line


def line_deliver(*, line: PurchaseLine, actor) -> PurchaseLine:
    return _line_step(line=line, to=LineStatus.DELIVERED, actor=actor)


def line_cancel(*, line: PurchaseLine, actor, reason: str) -> Refund | None:
    """Cancel a line that has not shipped: its held pieces go back to stock and, if it was
    paid, what is left of its subtotal is refunded.

    Returns that refund — succeeded, pending, or *failed* at Stripe, in which case the line
    stays cancelled and the refund can be made again — or None when nothing was left to
    refund. Raises InvalidTransition (changing nothing) once the line has shipped.
    """
    reason = _checked_reason(reason)
    line = _line_cancel(line=line, actor=actor, reason=reason)
    refund = _refund_reserve(
        purchase=line.purchase, line=line, amount=None, reason=reason, actor=actor
    )
    return refund_settle(refund=refund) if refund else None


@atomic_with_retry
def _line_cancel(*, line: PurchaseLine, actor, reason: str) -> PurchaseLine:
    # Parent before child, as everywhere: the purchase's lock also orders us with refunds.
    purchase = purchase_lock(line.purchase_id)
    line = _line_step(line=line, to=LineStatus.CANCELLED, actor=actor, note=reason)
    stock_release(lines=[line])
    everything_cancelled = not purchase.lines.exclude(status=LineStatus.CANCELLED).exists()
    if purchase.status == PurchaseStatus.PAID and everything_cancelled:
        purchase_transition(purchase=purchase, to=PurchaseStatus.CANCELLED, actor=actor)
    line.purchase = purchase
    return line


def _checked_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not 0 < len(reason) <= REASON_MAX:
        raise ReasonMissing
    return reason


# Refunds -------------------------------------------------------------------------------


def refunded_amount(*, purchase: Purchase) -> Decimal:
    """What has been given back, or is on its way back, for the whole purchase."""
    total = purchase.refunds.filter(status__in=COUNTED).aggregate(sum=Sum("amount"))["sum"]
    return total or NO_MONEY


def refundable_amount(*, purchase: Purchase, line: PurchaseLine | None = None) -> Decimal:
    """What may still be refunded: of the purchase, and of ``line`` when given.

    Nothing for a purchase that was never paid by card.
    """
    if purchase.paid_at is None or not purchase.payment_intent_id:
        return NO_MONEY
    left = purchase.total - refunded_amount(purchase=purchase)
    if line is not None:
        left = min(left, line.subtotal - line.refunded_amount)
    return max(left, NO_MONEY)


def purchase_refund(
    *,
    purchase: Purchase,
    line: PurchaseLine | None = None,
    amount: Decimal,
    reason: str,
    actor,
    seen_refunded: Decimal | None = None,
) -> Refund:
    """Give back ``amount`` yuan of what the buyer paid, for ``line`` or for the purchase.

    Raises RefundNotPossible, changing nothing, unless ``amount`` is a positive sum in whole
    fen within ``refundable_amount``, or when the refunded figure is no longer the
    ``seen_refunded`` the coordinator's form showed (a stale or repeated form). Otherwise
    returns the refund: succeeded or pending at Stripe, or failed — Stripe refused or could
    not be reached — in which case no money figure has changed.
    """
    amount = _checked_amount(amount)
    reason = _checked_reason(reason)
    refund = _refund_reserve(
        purchase=purchase,
        line=line,
        amount=amount,
        reason=reason,
        actor=actor,
        seen_refunded=seen_refunded,
    )
    return refund_settle(refund=refund)


def _checked_amount(amount) -> Decimal:
    valid = (
        isinstance(amount, Decimal)
        and amount.is_finite()
        and amount > 0
        and amount.as_tuple().exponent >= -2
    )
    if not valid:
        raise RefundNotPossible(_("Enter an amount in yuan greater than ¥0.00, e.g. 12.50."))
    return amount


@atomic_with_retry
def _refund_reserve(
    *, purchase, line, amount: Decimal | None, reason: str, actor, seen_refunded=None
) -> Refund | None:
    """The pending refund of ``amount``, or of all that is left when ``amount`` is None
    (then None if nothing is)."""
    # Every refund of a purchase takes this lock first: they queue, and each one reads what
    # the one before it committed (SQLite's IMMEDIATE transactions queue them the same way).
    purchase = purchase_lock(purchase.pk)
    if line is not None:
        line = _line_of(purchase, line)
    _check_not_stale(purchase=purchase, line=line, seen_refunded=seen_refunded)
    left = refundable_amount(purchase=purchase, line=line)
    if amount is None:
        if left <= NO_MONEY:
            return None
        amount = left
    if amount > left or (line is not None and not _line_reserve(line=line, amount=amount)):
        raise RefundNotPossible(_refund_limit_message(left))
    return Refund.objects.create(
        purchase=purchase, line=line, amount=amount, reason=reason, created_by=actor
    )


def _line_of(purchase: Purchase, line: PurchaseLine) -> PurchaseLine:
    fresh = PurchaseLine.objects.filter(pk=line.pk, purchase=purchase).first()
    if fresh is None:
        raise RefundNotPossible(_("This line is not part of that purchase."))
    return fresh


def _check_not_stale(*, purchase, line, seen_refunded) -> None:
    if seen_refunded is None:
        return
    now = line.refunded_amount if line is not None else refunded_amount(purchase=purchase)
    if now != seen_refunded:
        raise RefundNotPossible(
            _("A refund was made while this page was open. Check the amounts and try again.")
        )


def _refund_limit_message(left: Decimal) -> str:
    if left <= NO_MONEY:
        return _("Everything paid for this has already been refunded.")
    return _("At most ¥%(left)s can be refunded.") % {"left": left}


def _line_reserve(*, line: PurchaseLine, amount: Decimal) -> bool:
    """Raise the line's refunded figure by ``amount`` only while it stays within the line's
    subtotal: one conditional UPDATE, so no interleaving can take the same yuan twice."""
    return bool(
        PurchaseLine.objects.filter(pk=line.pk, refunded_amount__lte=line.subtotal - amount).update(
            refunded_amount=F("refunded_amount") + money(amount)
        )
    )


def refund_settle(*, refund: Refund) -> Refund:
    """Ask Stripe to pay out a pending refund and record its answer.

    Safe to call again for a refund left pending (by a crash, say): the idempotency key
    makes Stripe answer with the refund it already made rather than make another.
    """
    purchase = refund.purchase
    try:
        answer = gateway.refund_create(
            payment_intent=purchase.payment_intent_id,
            amount=refund.amount,
            currency=purchase.currency,
            idempotency_key=f"refund-{refund.pk}",
        )
    except gateway.GatewayError:
        logger.exception("Stripe did not refund %s (purchase %s)", refund.pk, purchase.pk)
        if refund.stripe_refund_id:  # Stripe made it earlier; we only failed to hear again
            return refund
        return _refund_fail(refund=refund)
    status = STRIPE_STATUSES.get(answer["status"], RefundStatus.PENDING)
    if status == RefundStatus.FAILED:
        logger.error("Stripe refused refund %s: %s", refund.pk, answer)
        return _refund_fail(refund=refund, stripe_refund_id=answer["id"])
    return _refund_confirm(refund=refund, stripe_refund_id=answer["id"], status=status)


@atomic_with_retry
def _refund_fail(*, refund: Refund, stripe_refund_id: str = "") -> Refund:
    """Record the failure and give the reservation back, exactly once."""
    purchase_lock(refund.purchase_id)
    failed = Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(
        status=RefundStatus.FAILED, stripe_refund_id=stripe_refund_id or refund.stripe_refund_id
    )
    if failed and refund.line_id:
        PurchaseLine.objects.filter(pk=refund.line_id).update(
            refunded_amount=F("refunded_amount") - money(refund.amount)
        )
    refund.refresh_from_db()
    return refund


def _refund_confirm(*, refund: Refund, stripe_refund_id: str, status: str) -> Refund:
    try:
        return _refund_record_answer(
            refund=refund, stripe_refund_id=stripe_refund_id, status=status
        )
    except IntegrityError:
        # Stripe's charge.refunded webhook recorded this very refund while we waited for the
        # answer, and committed only now: its row is visible on the second try.
        return _refund_record_answer(
            refund=refund, stripe_refund_id=stripe_refund_id, status=status
        )


@atomic_with_retry
def _refund_record_answer(*, refund: Refund, stripe_refund_id: str, status: str) -> Refund:
    purchase_lock(refund.purchase_id)
    # A webhook faster than Stripe's answer to us records the refund as one made at Stripe,
    # with no line. It is this refund: keep only ours, which knows the line and who made it.
    Refund.objects.filter(stripe_refund_id=stripe_refund_id).exclude(pk=refund.pk).delete()
    pending = Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING)
    if pending.filter(stripe_refund_id="").update(stripe_refund_id=stripe_refund_id, status=status):
        PurchaseEvent.objects.create(
            purchase_id=refund.purchase_id,
            line_id=refund.line_id,
            status=PurchaseEventKind.REFUNDED,
            note=f"¥{refund.amount} · {refund.reason}"[:REASON_MAX],
            actor_id=refund.created_by_id,
        )
    else:  # settled again: only Stripe's progress (pending → succeeded) is news
        pending.update(status=status)
    refund.refresh_from_db()
    return refund
