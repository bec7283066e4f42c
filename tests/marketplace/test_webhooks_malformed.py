"""Correctly signed webhooks whose content is not what Stripe sends: 400, nothing recorded.

Whoever holds the signing secret (or a bug on Stripe's side) must not be able to turn a
webhook into a 500, a half-applied event or a StripeEvent row that blocks the real one; and a
signature dated in the future is refused as a stale one is (a captured request replayed
later would otherwise pass the five-minute window for as long as its date was ahead).
"""

import json
import time

from django.test import Client

import pytest

from marketplace.models import PurchaseStatus, StripeEvent
from tests.marketplace.stripe_webhooks import (
    WEBHOOK,
    assert_untouched,
    deliver,
    intent_event,
    make_purchase,
    sign,
    stripe_event,
)


@pytest.fixture
def purchase(db):
    return make_purchase()


def post_signed(payload: bytes, *, timestamp: int | None = None):
    """POST ``payload`` exactly as given, correctly signed with the test webhook secret."""
    return Client(raise_request_exception=False).post(
        WEBHOOK,
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload, timestamp=timestamp)},
    )


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_event(purchase, depth: int) -> bytes:
    """A real success event whose metadata carries ``depth`` nested arrays."""
    event = intent_event("payment_intent.succeeded", purchase)
    event["data"]["object"]["metadata"]["note"] = "DEEP"
    return json.dumps(event).encode().replace(b'"DEEP"', nested(depth))


def without(key: str):
    def change(event: dict) -> dict:
        del event[key]
        return event

    return change


def intent_without(key: str):
    def change(event: dict) -> dict:
        del event["data"]["object"][key]
        return event

    return change


def replace(path: tuple, value):
    def change(event: dict) -> dict:
        target = event
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return event

    return change


MALFORMED = {
    "no-id": without("id"),
    "no-type": without("type"),
    "no-data": without("data"),
    "intent-without-amount": intent_without("amount"),
    "intent-without-id": intent_without("id"),
    "intent-without-currency": intent_without("currency"),
    "amount-as-text": replace(("data", "object", "amount"), "22400"),
    "amount-as-bool": replace(("data", "object", "amount"), True),
    "data-as-list": replace(("data",), [1, 2]),
    "object-as-text": replace(("data", "object"), "pi_1"),
    "id-as-number": replace(("id",), 12345),
    "id-too-long": replace(("id",), "evt_" + "x" * 300),
    "type-as-list": replace(("type",), ["payment_intent.succeeded"]),
    "metadata-as-list": replace(("data", "object", "metadata"), ["purchase_id"]),
    "nul-in-a-string": replace(("data", "object", "status"), "succeeded\x00"),
}


@pytest.mark.parametrize("change", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_signed_event_missing_what_stripe_always_sends_is_refused(purchase, change):
    event = change(intent_event("payment_intent.succeeded", purchase))

    response = deliver(event)

    assert response.status_code == 400
    assert_untouched(purchase)


@pytest.mark.parametrize(
    "payload",
    [b"[]", b'[{"id": "evt_1"}]', b'"evt_1"', b"42", b"null", b"{}", nested(10_000), b"\xff"],
    ids=[
        "empty-array",
        "array",
        "string",
        "number",
        "null",
        "empty-object",
        "10000-deep",
        "not-utf8",
    ],
)
def test_a_signed_payload_that_is_not_an_event_is_refused(purchase, payload):
    response = post_signed(payload)

    assert response.status_code == 400
    assert_untouched(purchase)


@pytest.mark.parametrize("depth", [100, 900, 10_000])
def test_a_signed_event_nested_deep_inside_is_refused(purchase, depth):
    response = post_signed(deep_event(purchase, depth))

    assert response.status_code == 400
    assert_untouched(purchase)


def test_a_signed_event_for_a_purchase_id_int_refuses_is_acknowledged(purchase):
    """ "²" passes str.isdigit() but not int(): an id of no purchase, not a 500."""
    event = intent_event("payment_intent.succeeded", purchase)
    event["data"]["object"]["metadata"] = {"purchase_id": "²"}

    assert deliver(event).status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT


@pytest.mark.parametrize(
    "refund",
    [
        {"id": "re_1", "status": "succeeded"},
        {"id": "re_1", "amount": "100", "status": "succeeded"},
        {"id": "re_1", "amount": -100, "status": "succeeded"},
        {"id": "re_1", "amount": 10**20, "status": "succeeded"},
        {"amount": 100, "status": "succeeded"},
        "re_1",
    ],
    ids=["no-amount", "amount-as-text", "negative", "huge", "no-id", "not-an-object"],
)
def test_a_charge_refunded_with_unreadable_refunds_is_refused(purchase, refund):
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": purchase.payment_intent_id,
        "refunds": {"data": [refund]},
    }

    response = deliver(stripe_event("charge.refunded", charge))

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert not purchase.refunds.exists()


@pytest.mark.parametrize("ahead", [301, 3600, 10**9], ids=["5-min-1-s", "an-hour", "decades"])
def test_a_signature_dated_more_than_five_minutes_ahead_is_refused(purchase, ahead):
    payload = json.dumps(intent_event("payment_intent.succeeded", purchase)).encode()

    response = post_signed(payload, timestamp=int(time.time()) + ahead)

    assert response.status_code == 400
    assert_untouched(purchase)


def test_a_signature_dated_a_little_ahead_is_clock_skew_and_accepted(purchase):
    payload = json.dumps(intent_event("payment_intent.succeeded", purchase)).encode()

    response = post_signed(payload, timestamp=int(time.time()) + 60)

    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID


def test_a_well_formed_event_still_works_after_malformed_ones(purchase):
    """A refused event recorded nothing, so Stripe's retry of the real one is processed."""
    event = intent_event("payment_intent.succeeded", purchase)
    broken = json.loads(json.dumps(event))
    del broken["data"]["object"]["amount"]
    assert deliver(broken).status_code == 400

    assert deliver(event).status_code == 200

    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert StripeEvent.objects.get().event_id == event["id"]
