"""The one module that talks to Stripe (StripeClient, pinned API version).

Money crosses this boundary as ``Decimal`` yuan and leaves it as integer minor units (fen).
Every call that creates something carries an idempotency key derived from our own ids.
"""

import json
import math
import time
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
# How far a webhook's signed time may lie from ours, either way (Stripe's default).
WEBHOOK_TOLERANCE_SECONDS = 300
# Stripe's events nest a handful of levels; anything much deeper is not one of them (and
# would exhaust the recursion of the JSON encoder that stores it).
EVENT_MAX_DEPTH = 32
EVENT_ID_MAX = 255  # StripeEvent.event_id, and Stripe's longest object id
EVENT_TYPE_MAX = 100  # StripeEvent.type
AMOUNT_MAX = 99_999_999  # Stripe's largest amount, in minor units


class GatewayError(Exception):
    """Stripe could not be reached or refused the request for a reason that is not the card."""


class MalformedEvent(ValueError):
    """A correctly signed webhook whose content is not what Stripe sends."""


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
    try:
        return intent_from_dict(resource.to_dict())
    except MalformedEvent as error:
        raise GatewayError(f"unreadable PaymentIntent: {error}") from error


def intent_from_dict(obj: dict) -> Intent:
    """An Intent from a PaymentIntent object, as the API or a webhook event carries it.
    Raises MalformedEvent when a field every intent has is missing or of another type."""
    error = field_of(obj, "last_payment_error", dict, required=False) or {}
    return Intent(
        id=field_of(obj, "id", str),
        status=field_of(obj, "status", str),
        client_secret=field_of(obj, "client_secret", str, required=False) or "",
        amount=field_of(obj, "amount", int),
        currency=field_of(obj, "currency", str).upper(),
        purchase_id=metadata_of(obj).get("purchase_id", ""),
        error_code=field_of(error, "code", str, required=False) or "",
    )


@dataclass(frozen=True)
class ChargeRefund:
    id: str
    amount: int
    status: str


def refunds_from_charge(obj: dict) -> list[ChargeRefund]:
    """The refunds a Charge object lists; MalformedEvent if one lacks its id or amount."""
    listed = field_of(
        field_of(obj, "refunds", dict, required=False) or {}, "data", list, required=False
    )
    refunds = []
    for refund in listed or []:
        if not isinstance(refund, dict):
            raise MalformedEvent("refunds.data: expected objects")
        refunds.append(
            ChargeRefund(
                id=field_of(refund, "id", str),
                amount=_amount_check(field_of(refund, "amount", int)),
                status=field_of(refund, "status", str, required=False) or "",
            )
        )
    return refunds


def _amount_check(amount: int) -> int:
    if not 1 <= amount <= AMOUNT_MAX:
        raise MalformedEvent("amount out of range")
    return amount


def field_of(obj: dict, name: str, kind: type, *, required: bool = True):
    """``obj[name]`` if it is a ``kind`` (a bool is no int), or None if it may be absent
    and is; anything else raises MalformedEvent."""
    value = obj.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise MalformedEvent(f"{name}: expected {kind.__name__}")
    return value


def metadata_of(obj: dict) -> dict[str, str]:
    """A Stripe object's metadata: always text keys to text values, or none at all."""
    metadata = field_of(obj, "metadata", dict, required=False) or {}
    if not all(isinstance(v, str) for v in metadata.values()):
        raise MalformedEvent("metadata: expected text values")
    return metadata


def payment_intent_create(
    *,
    amount: Decimal,
    currency: str,
    card_token: str,
    email: str,
    purchase_id: int,
    idempotency_key: str,
) -> Intent:
    """Create, unconfirmed, a card PaymentIntent for the card Stripe.js tokenised: nothing
    is charged until payment_intent_confirm, so the caller can keep the intent's id first.

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
                "metadata": {"purchase_id": str(purchase_id)},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.CardError as error:
        raise CardDeclined(error.code or "card_declined", error.user_message or "") from error
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return _intent(intent)


def payment_intent_confirm(*, intent_id: str, idempotency_key: str) -> Intent:
    """Charge the card of an intent payment_intent_create made: ``succeeded``, or
    ``requires_action`` for 3-D Secure in the browser. CardDeclined when the bank says no;
    GatewayError when Stripe's answer is lost, in which case the charge may or may not
    have happened (retrieving the intent tells)."""
    try:
        intent = client().v1.payment_intents.confirm(
            intent_id, options={"idempotency_key": idempotency_key}
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


def payment_intent_cancel(*, intent_id: str) -> Intent:
    """Cancel an intent no one will confirm: it can then never charge. GatewayError when
    Stripe refuses, as it does for one that succeeded or is processing."""
    try:
        return _intent(client().v1.payment_intents.cancel(intent_id))
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
    """The verified event, or ValueError: a bad signature, one dated more than the tolerance
    before or after now, or (MalformedEvent) a payload that is not the shape of an event."""
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as error:
        raise ValueError(str(error)) from error
    # Stripe's library refuses a stale time only; one far ahead would stay valid for long.
    if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE_SECONDS:
        raise ValueError("the signature's timestamp is in the future")
    try:
        event = json.loads(payload, parse_float=_finite, parse_constant=_finite)
    except (ValueError, RecursionError) as error:
        raise MalformedEvent("not JSON, or nested too deep") from error
    _event_check(event)
    return event


def _finite(text: str) -> float:
    """JSON numbers only: NaN and Infinity are not JSON, and no database stores them."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is not a JSON number")
    return number


def _signed_at(signature: str) -> int:
    """The ``t=`` of a Stripe-Signature header that verify_header accepted."""
    return next(int(item[2:]) for item in signature.split(",") if item.startswith("t="))


def _event_check(event) -> None:
    """What every Stripe event has: a text id and type, and data.object, itself a Stripe
    object with a text id; text without NUL (PostgreSQL's jsonb refuses it) and no deeper
    than EVENT_MAX_DEPTH."""
    if not isinstance(event, dict):
        raise MalformedEvent("not an object")
    _text_check(field_of(event, "id", str), EVENT_ID_MAX)
    _text_check(field_of(event, "type", str), EVENT_TYPE_MAX)
    obj = field_of(field_of(event, "data", dict), "object", dict)
    _text_check(field_of(obj, "id", str), EVENT_ID_MAX)
    metadata_of(obj)
    _tree_check(event)


def _text_check(value: str, longest: int) -> None:
    if not 1 <= len(value) <= longest:
        raise MalformedEvent("an id or type of the wrong length")


def _tree_check(event: dict) -> None:
    """Walked without recursion, so no depth can exhaust the stack."""
    pending = [(event, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > EVENT_MAX_DEPTH:
            raise MalformedEvent("nested too deep")
        if isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and "\x00" in value:
            raise MalformedEvent("NUL in text")


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
