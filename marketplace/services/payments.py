"""Paying for a purchase with Stripe, and what Stripe's events do to it.

A purchase becomes paid only from Stripe's word: a verified ``payment_intent.succeeded``
webhook, or a server-side retrieve of the intent. What the browser says is never trusted.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import stripe_gateway as gateway
from marketplace.exceptions import PaymentDeclined, PaymentNotPossible
from marketplace.locks import atomic_with_retry, purchase_lock, retry_once_when_busy
from marketplace.models import Purchase, PurchaseStatus, Refund, StripeEvent
from marketplace.models.purchases import INTENT_ACCEPTED, RefundStatus
from marketplace.services.purchases import (
    purchase_mark_paid,
    purchase_rearm,
    purchase_release,
    purchases_expire_overdue,
)

logger = logging.getLogger(__name__)


def purchase_pay(*, purchase: Purchase, card_token: str) -> gateway.Intent:
    """One payment attempt with the card Stripe.js tokenised in the browser.

    Re-holds the stock (a declined earlier attempt gave it back), then creates, records and
    confirms a PaymentIntent whose idempotency keys derive from the purchase and the attempt
    number. Returns the intent: ``succeeded``, or ``requires_action`` for 3-D Secure in the
    browser. Raises PaymentDeclined (stock released, try again) or PaymentNotPossible.
    """
    if purchase.status != PurchaseStatus.AWAITING_PAYMENT:
        raise PaymentNotPossible(_("This purchase is not waiting for payment."))
    confirmed = _earlier_success(purchase)
    if confirmed is not None:
        return confirmed
    purchase = purchase_rearm(purchase=purchase)
    attempt = _next_attempt(purchase)
    try:
        intent = _attempt(
            purchase=purchase,
            card_token=card_token,
            key=f"purchase-{purchase.pk}-attempt-{attempt}",
        )
    except gateway.CardDeclined as error:
        purchase_release(purchase=purchase, note=error.code)
        raise PaymentDeclined(decline_message(error.code)) from error
    if intent.status != "succeeded":
        payment_apply(purchase=purchase, intent=intent)
    # A success is left to Stripe's webhook (or to payment_sync when it is late).
    return intent


def _attempt(*, purchase: Purchase, card_token: str, key: str) -> gateway.Intent:
    """Create the intent unconfirmed, keep its id (committed) and only then confirm it, as
    Stripe advises: a server that dies at any point leaves either no charge or an intent
    the shop knows and asks Stripe about (the purchase page, a second press of Pay, the
    overdue settler), since Stripe sends its webhook once, perhaps to the dead server."""
    try:
        created = gateway.payment_intent_create(
            amount=purchase.total,
            currency=purchase.currency,
            card_token=card_token,
            email=purchase.email,
            purchase_id=purchase.pk,
            idempotency_key=key,
        )
    except gateway.GatewayError as error:
        logger.exception("Stripe refused purchase %s", purchase.pk)
        raise PaymentNotPossible(_unreachable()) from error
    with transaction.atomic(durable=True):  # committed before any money can move
        Purchase.objects.filter(pk=purchase.pk).update(
            payment_intent_id=created.id,
            payment_intent_status=created.status,
            payment_started_at=timezone.now(),
        )
    try:
        intent = gateway.payment_intent_confirm(
            intent_id=created.id, idempotency_key=f"{key}-confirm"
        )
    except gateway.CardDeclined:
        _intent_status_record(
            purchase=purchase, intent_id=created.id, status="requires_payment_method"
        )
        raise
    except gateway.GatewayError as error:
        logger.exception("no answer from Stripe confirming purchase %s", purchase.pk)
        raise PaymentNotPossible(
            _(
                "The card service did not answer. Please reload this page in a moment: it "
                "will say whether the payment went through. Paying again never charges twice."
            )
        ) from error
    _intent_status_record(purchase=purchase, intent_id=intent.id, status=intent.status)
    return intent


def _unreachable() -> str:
    return _("The card service could not be reached. Nothing was charged; please try again.")


def _intent_status_record(*, purchase: Purchase, intent_id: str, status: str) -> None:
    """What Stripe last said of the intent, unless a later attempt replaced it meanwhile."""
    Purchase.objects.filter(pk=purchase.pk, payment_intent_id=intent_id).update(
        payment_intent_status=status
    )


def _earlier_success(purchase: Purchase) -> gateway.Intent | None:
    """The intent Stripe already accepted for this purchase, if any: a buyer who pays again
    because the answer to her first payment was lost (a 502, a closed tab, a second press)
    gets that success back instead of a second charge. An earlier intent whose confirmation
    we never heard back about is asked about too, and cancelled if it never was confirmed,
    so that it cannot charge beside the new attempt."""
    purchase = Purchase.objects.get(pk=purchase.pk)
    unanswered = purchase.payment_intent_status == "requires_confirmation"
    if not (purchase.is_confirming or unanswered):
        return None
    try:
        intent = payment_sync(purchase=purchase)
        if intent is not None and intent.status == "requires_confirmation":
            intent = _unconfirmed_cancel(purchase=purchase, intent=intent)
    except gateway.GatewayError as error:
        raise PaymentNotPossible(_unreachable()) from error
    # Still accepted: the answer is that success. Refused after all: she may try again.
    return intent if intent is not None and intent.status in INTENT_ACCEPTED else None


def _unconfirmed_cancel(*, purchase: Purchase, intent: gateway.Intent) -> gateway.Intent:
    """Cancel an intent created but never confirmed (its server died in between). Should
    Stripe refuse, it was confirmed meanwhile after all: ask again and apply the answer.
    Raises GatewayError when Stripe cannot say."""
    try:
        canceled = gateway.payment_intent_cancel(intent_id=intent.id)
    except gateway.GatewayError:
        logger.warning("could not cancel intent %s of purchase %s", intent.id, purchase.pk)
        intent = payment_sync(purchase=Purchase.objects.get(pk=purchase.pk))
        if intent is None or intent.status == "requires_confirmation":
            raise
        return intent
    _intent_status_record(purchase=purchase, intent_id=canceled.id, status=canceled.status)
    return canceled


def _next_attempt(purchase: Purchase) -> int:
    Purchase.objects.filter(pk=purchase.pk).update(payment_attempts=F("payment_attempts") + 1)
    return Purchase.objects.values_list("payment_attempts", flat=True).get(pk=purchase.pk)


def decline_message(code: str) -> str:
    if code == "payment_intent_authentication_failure":
        return _("The card's security check (3-D Secure) did not succeed. Nothing was charged.")
    if code in {"expired_card", "incorrect_cvc", "incorrect_number"}:
        return _("The card details look wrong. Please check them and try again.")
    return _("The card was declined. Nothing was charged; please try another card.")


def payment_sync(*, purchase: Purchase) -> gateway.Intent | None:
    """Ask Stripe about the purchase's latest intent and apply what it says; returns it."""
    if not purchase.payment_intent_id or purchase.status == PurchaseStatus.PAID:
        return None
    intent = gateway.payment_intent_retrieve(purchase.payment_intent_id)
    Purchase.objects.filter(pk=purchase.pk, payment_intent_id=intent.id).update(
        payment_intent_status=intent.status
    )
    return payment_apply(purchase=purchase, intent=intent)


def payment_sync_due(purchase: Purchase, *, grace_seconds: int = 10) -> bool:
    """Whether the purchase page should ask Stripe now rather than wait for the webhook."""
    if purchase.status != PurchaseStatus.AWAITING_PAYMENT or not purchase.payment_intent_id:
        return False
    # Accepted, or being confirmed by the request that created it: its answer (or the
    # webhook) normally comes within the grace; past it, its server may have died.
    waiting = purchase.is_confirming or purchase.payment_intent_status == "requires_confirmation"
    if not waiting or purchase.payment_started_at is None:
        return purchase.payment_intent_status not in {"requires_payment_method", "canceled"}
    return (timezone.now() - purchase.payment_started_at).total_seconds() >= grace_seconds


def payment_apply(*, purchase: Purchase, intent: gateway.Intent) -> gateway.Intent:
    """Apply an intent Stripe reported: paid when it succeeded for exactly the amount owed."""
    if intent.purchase_id != str(purchase.pk):
        logger.warning("intent %s does not belong to purchase %s", intent.id, purchase.pk)
        return intent
    if intent.status == "succeeded":
        owed = gateway.to_minor_units(purchase.total, purchase.currency)
        if intent.amount != owed or intent.currency != purchase.currency.upper():
            logger.error(
                "intent %s pays %s %s, not purchase %s",
                intent.id,
                intent.amount,
                intent.currency,
                purchase.pk,
            )
            return intent
        purchase_mark_paid(purchase=purchase, note=intent.id)
    elif intent.status == "requires_payment_method" and intent.error_code:
        purchase_release(purchase=purchase, note=intent.error_code)
    return intent


# Webhooks ------------------------------------------------------------------------------


@retry_once_when_busy
def stripe_event_handle(event: dict) -> bool:
    """Record the event once and act on it, in one transaction. Returns False for a replay.

    A concurrent duplicate waits on the unique event id and then finds it taken; if acting on
    the event fails, the record rolls back with it so that Stripe's retry is processed (a lock
    conflict is run once more here first, record and all). A handler that finds the object
    unreadable raises gateway.MalformedEvent: nothing stays.
    """
    try:
        with transaction.atomic():
            StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                livemode=bool(event.get("livemode")),
                payload=event,
            )
            handler = EVENT_HANDLERS.get(event["type"])
            if handler is None:
                logger.info("Stripe event %s (%s) not handled", event["id"], event["type"])
            else:
                handler(event["data"]["object"])
    except IntegrityError:
        if StripeEvent.objects.filter(event_id=event["id"]).exists():
            return False
        raise
    return True


def _purchase_for(obj: dict) -> Purchase | None:
    purchase_id = gateway.metadata_of(obj).get("purchase_id", "")
    if not purchase_id.isdecimal():
        return None
    return Purchase.objects.filter(pk=int(purchase_id)).first()


def on_payment_intent_succeeded(obj: dict) -> None:
    intent = gateway.intent_from_dict(obj)  # MalformedEvent before anything is looked up
    if purchase := _purchase_for(obj):
        payment_apply(purchase=purchase, intent=intent)


def on_payment_intent_failed(obj: dict) -> None:
    purchase = _purchase_for(obj)
    # Out of order: a failure of an earlier attempt must not undo a later success.
    if (
        purchase
        and purchase.status == PurchaseStatus.AWAITING_PAYMENT
        and obj["id"] == purchase.payment_intent_id
    ):
        purchase_release(purchase=purchase, note="payment_failed")


@atomic_with_retry
def on_charge_refunded(obj: dict) -> None:
    """Stripe refunded (part of) a charge, perhaps from its dashboard: record what we lack."""
    refunds = gateway.refunds_from_charge(obj)
    intent_id = gateway.field_of(obj, "payment_intent", str, required=False)
    purchase = Purchase.objects.filter(payment_intent_id=intent_id or "-").first()
    if purchase is None:
        return
    purchase = purchase_lock(purchase.pk)  # its refunds, like its lines, come after it
    for refund in refunds:
        _refund_record(purchase=purchase, refund=refund)
    recorded = purchase.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(s=Sum("amount"))
    logger.info("purchase %s refunded %s in total", purchase.pk, recorded["s"])


def _refund_record(*, purchase: Purchase, refund: gateway.ChargeRefund) -> None:
    existing = Refund.objects.filter(stripe_refund_id=refund.id).first()
    status = RefundStatus.SUCCEEDED if refund.status == "succeeded" else RefundStatus.PENDING
    if existing:
        Refund.objects.filter(pk=existing.pk).update(status=status)
        return
    Refund.objects.create(
        purchase=purchase,
        amount=gateway.from_minor_units(refund.amount, purchase.currency),
        reason=_("Refunded at Stripe"),
        status=status,
        stripe_refund_id=refund.id,
    )


EVENT_HANDLERS = {
    "payment_intent.succeeded": on_payment_intent_succeeded,
    "payment_intent.payment_failed": on_payment_intent_failed,
    "charge.refunded": on_charge_refunded,
}


def event_handler_register(event_type: str, handler) -> None:
    """Let another app act on a Stripe event type through this one endpoint and its
    once-only event record (production registers the transfer events of payouts)."""
    EVENT_HANDLERS[event_type] = handler


def purchases_settle_overdue() -> int:
    """Expire purchases whose reservation lapsed unpaid, releasing their stock.

    A purchase with a payment under way is asked about first: Stripe may have taken the
    money and the webhook not arrived yet (or gone to a server that died). An intent never
    confirmed is cancelled, so that it cannot charge for an expired purchase. Returns how
    many purchases expired.
    """
    overdue = Purchase.objects.filter(
        status=PurchaseStatus.AWAITING_PAYMENT, reserved_until__lt=timezone.now()
    ).exclude(payment_intent_id="")
    for purchase in overdue:
        try:
            intent = payment_sync(purchase=purchase)
            if intent is not None and intent.status == "requires_confirmation":
                _unconfirmed_cancel(purchase=purchase, intent=intent)
        except gateway.GatewayError:
            logger.warning("could not ask Stripe about purchase %s", purchase.pk)
    return purchases_expire_overdue()
