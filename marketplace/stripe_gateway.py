"""The one module that talks to Stripe (StripeClient, pinned API version).

Money crosses this boundary as ``Decimal`` yuan and leaves it as integer minor units (fen).
Every call that creates something carries an idempotency key derived from our own ids.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings

import stripe

from marketplace.money import from_fen, to_fen

API_VERSION = "2026-10-28.endive"
ZERO_DECIMAL_CURRENCIES = {"JPY", "KRW", "VND"}
STRIPE_JS = "https://js.stripe.com"
STRIPE_API = "https://api.stripe.com"
# What Stripe.js from Stripe itself loads beyond its own host: the frames of the card fields
# and of 3-D Secure, and images (docs.stripe.com/security/guide#content-security-policy).
STRIPE_JS_FRAMES_AND_IMAGES = {
    "script-src": ["https://*.js.stripe.com"],
    "frame-src": ["https://*.js.stripe.com", "https://hooks.stripe.com"],
    "img-src": ["https://*.stripe.com"],
}


class GatewayError(Exception):
    """Stripe could not be reached or refused the request for a reason that is not the card."""


class CardDeclined(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    client_secret: str
    amount: int
    currency: str
    purchase_id: str
    error_code: str = ""


def to_minor_units(amount: Decimal, currency: str) -> int:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return int(amount)
    return to_fen(amount)


def from_minor_units(amount: int, currency: str) -> Decimal:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return Decimal(amount)
    return from_fen(amount)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stripe_js_origin() -> str:
    """Where the browser loads Stripe.js from: Stripe, or the demo's and tests' localstripe."""
    return _origin(settings.STRIPE_JS_URL)


def browser_sources() -> dict[str, list[str]]:
    """The Content-Security-Policy sources a page that loads Stripe.js needs beyond the
    site's own: the script's host, the API it calls and the frames it opens. Read from the
    settings at each call, as the tests start localstripe on a port of their own."""
    js = stripe_js_origin()
    api = _origin(settings.STRIPE_API_BASE) if settings.STRIPE_API_BASE else STRIPE_API
    sources = {"script-src": [js], "connect-src": [api], "frame-src": [js]}
    if js == STRIPE_JS:
        for directive, extra in STRIPE_JS_FRAMES_AND_IMAGES.items():
            sources[directive] = [*sources.get(directive, []), *extra]
    return sources


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=API_VERSION,
        base_addresses=base,
        max_network_retries=2,
    )


def _intent(resource) -> Intent:
    return intent_from_dict(resource.to_dict())


def intent_from_dict(obj: dict) -> Intent:
    """An Intent from a PaymentIntent object, as the API or a webhook event carries it."""
    error = obj.get("last_payment_error") or {}
    return Intent(
        id=obj["id"],
        status=obj["status"],
        client_secret=obj.get("client_secret") or "",
        amount=int(obj["amount"]),
        currency=obj["currency"].upper(),
        purchase_id=str((obj.get("metadata") or {}).get("purchase_id", "")),
        error_code=error.get("code", "") or "",
    )


def payment_intent_create(
    *,
    amount: Decimal,
    currency: str,
    card_token: str,
    email: str,
    purchase_id: int,
    idempotency_key: str,
) -> Intent:
    """Create and confirm a card PaymentIntent for the card Stripe.js tokenised.

    The card is saved on a customer first: that is where Stripe checks it, so a card that is
    declined outright fails here with CardDeclined, before any charge. (Stripe.js's
    ``createToken`` is used rather than ``createPaymentMethod`` because the embedded
    localstripe implements only the former; real Stripe accepts the saved card as the
    intent's payment method, so demo, tests and production share this one path.)
    """
    stripe_client = client()
    try:
        customer = stripe_client.v1.customers.create(
            params={"email": email, "metadata": {"purchase_id": str(purchase_id)}},
            options={"idempotency_key": f"{idempotency_key}-customer"},
        )
        card = stripe_client.v1.customers.payment_sources.create(
            customer.id,
            params={"source": card_token},
            options={"idempotency_key": f"{idempotency_key}-card"},
        )
        intent = stripe_client.v1.payment_intents.create(
            params={
                "amount": to_minor_units(amount, currency),
                "currency": currency.lower(),
                "customer": customer.id,
                "payment_method": card.id,
                "payment_method_types": ["card"],
                "confirm": True,
                "metadata": {"purchase_id": str(purchase_id)},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.CardError as error:
        raise CardDeclined(error.code or "card_declined", error.user_message or "") from error
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return _intent(intent)


def payment_intent_retrieve(intent_id: str) -> Intent:
    try:
        return _intent(client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error


def payment_intent_cancel(intent_id: str) -> None:
    try:
        client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error


def refund_create(
    *, payment_intent: str, amount: Decimal, currency: str, idempotency_key: str
) -> dict:
    try:
        refund = client().v1.refunds.create(
            params={
                "payment_intent": payment_intent,
                "amount": to_minor_units(amount, currency),
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return {"id": refund.id, "status": refund.status}


def webhook_event(payload: bytes, signature: str) -> dict:
    """The verified event, or ValueError for a bad payload or signature (and stale ones)."""
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=300
        )
    except stripe.SignatureVerificationError as error:
        raise ValueError(str(error)) from error
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


# Stripe Connect: paying mothers -----------------------------------------------------------


class TransferRefused(Exception):
    """Stripe answered and said no (no such account, not able to receive…): it will not
    succeed by retrying. Anything else (network, Stripe down) is a GatewayError."""


@dataclass(frozen=True)
class Transfer:
    id: str
    amount: int
    currency: str
    destination: str


def transfer_create(
    *,
    amount: Decimal,
    currency: str,
    destination: str,
    transfer_group: str,
    idempotency_key: str,
    metadata: dict,
) -> Transfer:
    """Move ``amount`` to a connected account. The same ``idempotency_key`` always answers
    with the same transfer: a retried or resumed call never pays twice."""
    try:
        transfer = client().v1.transfers.create(
            params={
                "amount": to_minor_units(amount, currency),
                "currency": currency.lower(),
                "destination": destination,
                "transfer_group": transfer_group,
                "metadata": {key: str(value) for key, value in metadata.items()},
            },
            options={"idempotency_key": idempotency_key},
        )
    except (stripe.InvalidRequestError, stripe.PermissionError, stripe.CardError) as error:
        raise TransferRefused(getattr(error, "user_message", None) or str(error)) from error
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return Transfer(
        id=transfer.id,
        amount=transfer.amount,
        currency=transfer.currency,
        destination=str(transfer.destination),
    )


def connected_account_create(*, email: str, idempotency_key: str) -> str:
    """An Express account for one mother; returns its id."""
    try:
        account = client().v1.accounts.create(
            params={
                "type": "express",
                "email": email or None,
                "capabilities": {"transfers": {"requested": True}},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return account.id


def account_link_create(*, account: str, refresh_url: str, return_url: str) -> str:
    """The address of Stripe's hosted onboarding for ``account`` (short-lived)."""
    try:
        link = client().v1.account_links.create(
            params={
                "account": account,
                "refresh_url": refresh_url,
                "return_url": return_url,
                "type": "account_onboarding",
            }
        )
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return link.url
