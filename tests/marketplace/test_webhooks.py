"""Stripe's webhook at POST /stripe/webhook/, through the real view with real signatures.

A purchase becomes paid only from a verified event; each event is processed at most once,
in any order, and a replay changes nothing — also when Stripe delivers it twice at once.
"""

import json
import threading
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import connections
from django.test import Client

import pytest

from marketplace import stripe_gateway as gateway
from marketplace.models import (
    Fulfilment,
    LineStatus,
    Purchase,
    PurchaseEvent,
    PurchaseStatus,
    StripeEvent,
)
from marketplace.services import payments
from marketplace.services.purchases import (
    line_transition,
    purchase_expire,
)
from tests.marketplace.stripe_webhooks import (
    KNOT_STOCK,
    WEBHOOK,
    assert_untouched,
    card_token,
    deliver,
    intent_event,
    knot_stock,
    make_purchase,
    replay,
    sign,
    status_changes,
)


@pytest.fixture
def purchase(db) -> Purchase:
    return make_purchase()


# Verification --------------------------------------------------------------------------


def _forged(payload: bytes) -> str:
    return sign(payload, secret="whsec_not_ours")


def _stale(payload: bytes) -> str:
    return sign(payload, timestamp=int(time.time()) - 301)


def _for_another_payload(payload: bytes) -> str:
    return sign(payload.replace(b'"amount": ', b'"amount": 1'))


def _without_v1(payload: bytes) -> str:
    return sign(payload).split(",")[0]


@pytest.mark.parametrize(
    "signature",
    [_forged, lambda payload: "", _stale, _for_another_payload, _without_v1],
    ids=["forged", "missing", "stale", "other-payload", "no-v1"],
)
def test_webhook_rejects_an_unverified_event_and_changes_nothing(purchase, signature):
    event = intent_event("payment_intent.succeeded", purchase)

    response = deliver(event, signature=signature(json.dumps(event).encode()))

    assert response.status_code == 400
    assert_untouched(purchase)


def test_webhook_rejects_a_body_that_is_not_json(purchase):
    payload = b"not json at all"
    response = Client().post(
        WEBHOOK,
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload)},
    )

    assert response.status_code == 400
    assert_untouched(purchase)


def test_webhook_accepts_only_post(db):
    assert Client().get(WEBHOOK).status_code == 405


# Exactly once --------------------------------------------------------------------------


def test_succeeded_marks_the_purchase_paid(purchase):
    event = intent_event("payment_intent.succeeded", purchase)

    response = deliver(event)

    assert response.status_code == 200
    assert json.loads(response.content) == {"received": True, "replay": False}
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert purchase.paid_at is not None
    assert set(purchase.lines.values_list("status", flat=True)) == {LineStatus.PAID}
    assert knot_stock() == KNOT_STOCK - 2  # the reserved pieces are now sold
    recorded = StripeEvent.objects.get()
    assert (recorded.event_id, recorded.type) == (event["id"], "payment_intent.succeeded")
    assert recorded.payload["data"]["object"]["metadata"] == {"purchase_id": str(purchase.pk)}


def test_a_succeeded_event_replayed_three_times_changes_the_purchase_once(purchase):
    event = intent_event("payment_intent.succeeded", purchase)

    replies = [deliver(event) for _ in range(3)]

    assert [r.status_code for r in replies] == [200, 200, 200]
    assert [replay(r) for r in replies] == [False, True, True]
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert status_changes(purchase, PurchaseStatus.PAID) == 1
    assert PurchaseEvent.objects.filter(purchase=purchase, line__isnull=False).count() == 2
    assert StripeEvent.objects.count() == 1


def test_a_failure_replayed_three_times_returns_the_stock_once(purchase):
    event = intent_event("payment_intent.payment_failed", purchase, error_code="card_declined")

    replies = [deliver(event) for _ in range(3)]

    assert [replay(r) for r in replies] == [False, True, True]
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT  # she may try another card
    assert knot_stock() == KNOT_STOCK
    assert status_changes(purchase, "stock_released") == 1
    assert StripeEvent.objects.count() == 1


def _deliver_from_threads(events: list[dict]) -> list:
    """Deliver each event from its own thread, all released at once; returns the outcomes
    (a response, or the exception a thread hit). Each thread has its own connection."""
    start = threading.Barrier(len(events))
    outcomes: list = [None] * len(events)

    def run(index: int, event: dict) -> None:
        try:
            client = Client(raise_request_exception=False)
            start.wait(timeout=10)
            outcomes[index] = deliver(event, client=client)
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(events)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a delivery hung"
    return outcomes


@pytest.mark.parametrize("distinct_ids", [False, True], ids=["same-event", "two-events"])
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_mark_the_purchase_paid_once(distinct_ids):
    # given one purchase, and Stripe delivering its success 8 times at once (with
    # distinct_ids: two different events about the same intent, 4 copies each)
    purchase = make_purchase()
    first = intent_event("payment_intent.succeeded", purchase)
    second = intent_event("payment_intent.succeeded", purchase)
    events = [second if distinct_ids and i % 2 else first for i in range(8)]

    # when
    outcomes = _deliver_from_threads(events)

    # then every delivery is acknowledged, each event is processed once, the purchase moves once
    problems = [o for o in outcomes if not hasattr(o, "status_code") or o.status_code != 200]
    assert not problems, problems
    fresh = [replay(o) for o in outcomes].count(False)
    assert fresh == (2 if distinct_ids else 1)
    assert StripeEvent.objects.count() == (2 if distinct_ids else 1)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert status_changes(purchase, PurchaseStatus.PAID) == 1
    assert PurchaseEvent.objects.filter(purchase=purchase, status=LineStatus.PAID).count() == 3
    assert knot_stock() == KNOT_STOCK - 2


# Any order -----------------------------------------------------------------------------


def test_a_failure_arriving_after_the_success_leaves_the_purchase_paid(purchase):
    deliver(intent_event("payment_intent.succeeded", purchase))

    response = deliver(
        intent_event("payment_intent.payment_failed", purchase, error_code="card_declined")
    )

    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert knot_stock() == KNOT_STOCK - 2  # the sold pieces were not handed back
    assert status_changes(purchase, "stock_released") == 0
    assert StripeEvent.objects.count() == 2


def test_a_late_failure_of_an_earlier_attempt_keeps_the_stock_held(db):
    # given a second payment attempt under way (intent pi_attempt_2)
    purchase = make_purchase(intent_id="pi_attempt_2")

    # when the failure of the first attempt arrives late, then the second attempt succeeds
    failed = intent_event(
        "payment_intent.payment_failed",
        purchase,
        intent_id="pi_attempt_1",
        error_code="card_declined",
    )
    assert deliver(failed).status_code == 200
    assert knot_stock() == KNOT_STOCK - 2
    deliver(intent_event("payment_intent.succeeded", purchase))

    # then
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert status_changes(purchase, "stock_released") == 0


def test_a_success_for_an_expired_purchase_still_makes_it_paid(purchase):
    # given the reservation lapsed: the knots went back to stock
    purchase_expire(purchase=purchase)
    assert knot_stock() == KNOT_STOCK

    # when Stripe's success arrives after all
    response = deliver(intent_event("payment_intent.succeeded", purchase))

    # then Stripe took the money, so the purchase is paid, and the knots are taken again
    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert set(purchase.lines.values_list("status", flat=True)) == {LineStatus.PAID}
    assert knot_stock() == KNOT_STOCK - 2
    assert [e.status for e in purchase.events.filter(line__isnull=True)] == [
        PurchaseStatus.AWAITING_PAYMENT,
        PurchaseStatus.EXPIRED,
        PurchaseStatus.PAID,
    ]


def test_a_success_after_a_line_was_cancelled_is_still_recorded(purchase):
    # given the cooperative cancelled the made-to-order line while the buyer was paying
    line = purchase.lines.get(fulfilment=Fulfilment.MADE_TO_ORDER)
    line_transition(line=line, to=LineStatus.CANCELLED, note="做不了")

    # when Stripe's success arrives
    response = deliver(intent_event("payment_intent.succeeded", purchase))

    # then the money Stripe took is on record, not lost in retries
    assert response.status_code == 200
    assert StripeEvent.objects.count() == 1
    purchase.refresh_from_db()
    assert purchase.status != PurchaseStatus.AWAITING_PAYMENT


@pytest.mark.parametrize(
    "event_type", ["payment_intent.created", "customer.created", "invoice.paid"]
)
def test_an_unknown_event_type_is_acknowledged_and_recorded(purchase, event_type):
    event = intent_event("payment_intent.succeeded", purchase)
    event["type"] = event_type

    response = deliver(event)

    assert response.status_code == 200
    assert StripeEvent.objects.get().type == event_type
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT


def test_an_event_for_a_purchase_we_do_not_know_is_acknowledged(purchase):
    event = intent_event("payment_intent.succeeded", purchase)
    event["data"]["object"]["metadata"] = {"purchase_id": "999999"}

    assert deliver(event).status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT


# Money ---------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [22399, 22401, 224], ids=["fen-short", "fen-over", "yuan"])
def test_a_success_for_another_amount_does_not_mark_the_purchase_paid(purchase, amount):
    assert gateway.to_minor_units(purchase.total, purchase.currency) == 22400

    response = deliver(intent_event("payment_intent.succeeded", purchase, amount=amount))

    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT
    assert purchase.paid_at is None
    assert status_changes(purchase, PurchaseStatus.PAID) == 0


def test_a_success_in_another_currency_does_not_mark_the_purchase_paid(purchase):
    deliver(intent_event("payment_intent.succeeded", purchase, currency="usd"))

    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT


# localstripe sends the webhook itself ----------------------------------------------------


def poll(predicate, *, seconds: float = 15, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {seconds} s")
        time.sleep(0.2)


def authenticate_3ds(localstripe, client_secret: str) -> None:
    """The buyer presses 'Complete authentication' in Stripe.js's 3-D Secure dialog."""
    intent_id = client_secret.split("_secret_")[0]
    request = urllib.request.Request(
        f"{localstripe.url}/v1/payment_intents/{intent_id}/_authenticate?success=true",
        data=urllib.parse.urlencode(
            {"client_secret": client_secret, "key": settings.STRIPE_PUBLISHABLE_KEY}
        ).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["status"] == "succeeded"


@pytest.fixture
def webhook_only(localstripe, live_server, monkeypatch):
    """localstripe delivers its events to our live server; asking Stripe is forbidden, so
    whatever marks a purchase paid can only be the webhook."""
    localstripe.register_webhook(live_server.url + WEBHOOK, settings.STRIPE_WEBHOOK_SECRET)

    def no_retrieve(intent_id):
        raise AssertionError(f"retrieved {intent_id}: the webhook alone must settle it")

    monkeypatch.setattr(gateway, "payment_intent_retrieve", no_retrieve)
    monkeypatch.setattr(payments, "payment_sync", no_retrieve)
    return localstripe


def _paid(purchase: Purchase) -> bool:
    return Purchase.objects.filter(pk=purchase.pk, status=PurchaseStatus.PAID).exists()


@pytest.mark.django_db(transaction=True)
def test_localstripe_webhook_pays_a_purchase_after_3d_secure(webhook_only):
    # given a purchase paid with a card that asks for 3-D Secure: not paid yet
    purchase = make_purchase(intent_id="")
    intent = payments.purchase_pay(purchase=purchase, card_token=card_token("4000002760003184"))
    assert intent.status == "requires_action"
    assert not _paid(purchase)

    # when the buyer completes the check, Stripe (localstripe) tells our webhook
    authenticate_3ds(webhook_only, intent.client_secret)
    poll(lambda: _paid(purchase), what=f"paid purchase\n{webhook_only.log}")

    # then the webhook's verified event paid it, once (this intent's: localstripe may still be
    # delivering an earlier test's events to whichever live server listens now)
    events = StripeEvent.objects.filter(type="payment_intent.succeeded")
    assert events.filter(payload__data__object__id=intent.id).count() == 1
    purchase.refresh_from_db()
    assert purchase.payment_intent_id == intent.id
    assert purchase.events.get(line__isnull=True, status=PurchaseStatus.PAID).note == intent.id
    assert knot_stock() == KNOT_STOCK - 2


@pytest.mark.django_db(transaction=True)
def test_localstripe_webhook_pays_an_intent_confirmed_elsewhere(webhook_only):
    # given an intent confirmed at Stripe that our server never heard back about (the gateway
    # is called directly, as if the response to purchase_pay had been lost)
    purchase = make_purchase(intent_id="")
    created = gateway.payment_intent_create(
        amount=purchase.total,
        currency=purchase.currency,
        card_token=card_token("4242424242424242"),
        email=purchase.email,
        purchase_id=purchase.pk,
        idempotency_key=f"purchase-{purchase.pk}-lost-response",
    )
    intent = gateway.payment_intent_confirm(
        intent_id=created.id, idempotency_key=f"purchase-{purchase.pk}-lost-response-confirm"
    )
    assert intent.status == "succeeded"
    assert not _paid(purchase)

    # then the webhook alone settles it
    poll(lambda: _paid(purchase), what=f"paid purchase\n{webhook_only.log}")
    succeeded = StripeEvent.objects.filter(type="payment_intent.succeeded")
    assert succeeded.filter(payload__data__object__id=intent.id).count() == 1
    assert status_changes(purchase, PurchaseStatus.PAID) == 1
