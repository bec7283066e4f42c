"""Stripe's side of a webhook, and the purchase it is about: events shaped as Stripe sends
them, signed with the test secret and POSTed to the real view."""

import hashlib
import hmac
import json
import secrets
import time
from decimal import Decimal

from django.conf import settings
from django.test import Client

from marketplace import stripe_gateway as gateway
from marketplace.models import (
    Fulfilment,
    Product,
    Purchase,
    PurchaseEvent,
    PurchaseStatus,
    StripeEvent,
)
from tests.factories import CooperativeFactory, ProductFactory, PurchaseFactory

WEBHOOK = "/stripe/webhook/"
KNOT_STOCK = 12


# Stripe's side -------------------------------------------------------------------------


def sign(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header Stripe sends: HMAC-SHA256 of ``"<t>.<payload>"``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def intent_event(
    event_type: str,
    purchase: Purchase,
    *,
    intent_id: str | None = None,
    amount: int | None = None,
    currency: str = "cny",
    error_code: str = "",
    event_id: str | None = None,
) -> dict:
    """A payment_intent.* event as Stripe delivers it, for the purchase's current intent."""
    succeeded = event_type == "payment_intent.succeeded"
    intent_id = intent_id or purchase.payment_intent_id
    error = (
        {"code": error_code, "message": "Your card was declined.", "type": "card_error"}
        if error_code
        else None
    )
    intent = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": gateway.to_minor_units(purchase.total, purchase.currency)
        if amount is None
        else amount,
        "amount_received": 0,
        "currency": currency,
        "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
        "customer": "cus_test",
        "created": int(time.time()) - 5,
        "last_payment_error": error,
        "latest_charge": f"ch_{secrets.token_hex(8)}",
        "livemode": False,
        "metadata": {"purchase_id": str(purchase.pk)},
        "payment_method": "card_test",
        "payment_method_types": ["card"],
        "status": "succeeded" if succeeded else "requires_payment_method",
    }
    if succeeded:
        intent["amount_received"] = intent["amount"]
    return stripe_event(event_type, intent, event_id=event_id)


def stripe_event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {
        "id": event_id or f"evt_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": gateway.API_VERSION,
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def deliver(event: dict, *, client: Client | None = None, signature: str | None = None):
    """POST the event as Stripe does; ``signature=""`` sends no Stripe-Signature header."""
    payload = json.dumps(event).encode()
    headers = {}
    signature = sign(payload) if signature is None else signature
    if signature:
        headers["Stripe-Signature"] = signature
    client = client or Client(raise_request_exception=False)
    return client.post(WEBHOOK, data=payload, content_type="application/json", headers=headers)


def replay(response) -> bool:
    """Whether the view said it had seen the event before (its body is JSON)."""
    return json.loads(response.content)["replay"]


# Our side ------------------------------------------------------------------------------


def make_purchase(*, intent_id: str = "pi_attempt_1") -> Purchase:
    """Two knots in stock (reserved) and a made-to-order bun, its intent already created."""
    knot = ProductFactory(
        cooperative=CooperativeFactory(name="彩虹手编"),
        sku="KNOT-1",
        price=Decimal("68.00"),
        stock=KNOT_STOCK,
    )
    bun = ProductFactory(
        cooperative=CooperativeFactory(name="喜我我花饽饽"),
        sku="BUN-1",
        price=Decimal("88.00"),
        fulfilment=Fulfilment.MADE_TO_ORDER,
        lead_time_days=5,
        stock=0,
    )
    return PurchaseFactory(items=[(knot, 2), (bun, 1)], intent_id=intent_id)


def knot_stock() -> int:
    return Product.objects.get(sku="KNOT-1").stock


def status_changes(purchase: Purchase, status: str) -> int:
    """How often the purchase itself (not a line) was recorded as moving to ``status``."""
    return PurchaseEvent.objects.filter(purchase=purchase, line__isnull=True, status=status).count()


def assert_untouched(purchase: Purchase) -> None:
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT
    assert purchase.paid_at is None
    assert not StripeEvent.objects.exists()
    assert list(purchase.events.values_list("status", flat=True)) == ["awaiting_payment"]
    assert knot_stock() == KNOT_STOCK - 2


def card_token(number: str) -> str:
    """What Stripe.js's createToken does in the browser, done through the Stripe client."""
    token = gateway.client().v1.tokens.create(
        params={"card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}}
    )
    return token.id
