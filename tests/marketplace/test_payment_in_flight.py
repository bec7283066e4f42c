"""The payment in flight when its app server dies (found by tests/cluster: app1 SIGKILLed
while it charged a card). Stripe sends its webhook once, perhaps to the dead server, so
whatever comes next — the purchase page, a second press of Pay, the overdue settler — must
find the intent and ask Stripe; and an intent created but never confirmed must never count
as paid nor stand in the way of a new attempt.

localstripe is the Stripe server, over real HTTP, with no webhook registered. The death is
a fault injected at the HTTP boundary to localstripe: the Stripe client's own HTTP client
(``RequestsClient.request``) is wrapped so that, at the request that charges the card, it
raises ServerDied — after the request reached localstripe (the charge happened, the answer
is lost) or before it was sent (the intent exists, unconfirmed). ServerDied is no Exception,
so nothing in the app catches it and the Stripe client does not retry it: nothing after that
point runs, as when the process is killed."""

import datetime

from django.test import Client
from django.utils import timezone, translation

import pytest
import stripe

from marketplace import stripe_gateway as gateway
from marketplace.models import Purchase, PurchaseStatus
from marketplace.services import payments
from marketplace.services.payments import PaymentDeclined, PaymentNotPossible
from tests.marketplace.stripe_webhooks import KNOT_STOCK, card_token, knot_stock, make_purchase

GOOD_CARD = "4242424242424242"
DECLINED_WHEN_CHARGED = "4000000000000341"  # saved on the customer, refused at the charge


class ServerDied(BaseException):
    """The app server's process ends here: no handler, no retry."""


def charges_the_card(method: str, url: str, post_data) -> bool:
    """The request that makes Stripe take the money: a confirm, or (as before the mend) a
    PaymentIntent created with ``confirm=true``."""
    body = post_data.decode() if isinstance(post_data, bytes) else post_data or ""
    return method.lower() == "post" and (
        url.endswith("/confirm") or (url.endswith("/v1/payment_intents") and "confirm=true" in body)
    )


@pytest.fixture
def dies_at_the_charge(localstripe, monkeypatch):
    """``dies_at_the_charge(after_sending=True)``: the next charging request is sent to
    localstripe and the server dies before reading the answer; ``False``: it dies just
    before sending it."""
    send = stripe._http_client.RequestsClient.request
    armed = {}

    def request(self, method, url, headers, post_data=None):
        if armed and charges_the_card(method, url, post_data):
            after_sending = armed.pop("after_sending")
            if after_sending:
                send(self, method, url, headers, post_data)
            raise ServerDied(url)
        return send(self, method, url, headers, post_data)

    monkeypatch.setattr(stripe._http_client.RequestsClient, "request", request)

    def arm(*, after_sending: bool) -> None:
        armed["after_sending"] = after_sending

    return arm


def intents_of(purchase: Purchase) -> dict[str, str]:
    """Every PaymentIntent Stripe holds for the purchase, id to status, whatever our
    database says."""
    listed = gateway.client().v1.payment_intents.list(params={"limit": 100})
    return {
        intent.id: intent.status
        for intent in listed.data
        if intent.metadata.to_dict().get("purchase_id") == str(purchase.pk)
    }


def pay_and_die(purchase: Purchase, *, after_sending: bool, dies) -> None:
    dies(after_sending=after_sending)
    with pytest.raises(ServerDied):
        payments.purchase_pay(purchase=purchase, card_token=card_token(GOOD_CARD))


def lapse(purchase: Purchase, **since) -> None:
    Purchase.objects.filter(pk=purchase.pk).update(**since)


def ago(seconds: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def status_of(purchase: Purchase) -> str:
    return Purchase.objects.values_list("status", flat=True).get(pk=purchase.pk)


# Charged, the answer lost: found and settled ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_purchase_page_finds_a_payment_its_server_died_charging(dies_at_the_charge):
    # given a server that died once Stripe had charged the card
    purchase = make_purchase(intent_id="")
    pay_and_die(purchase, after_sending=True, dies=dies_at_the_charge)
    assert list(intents_of(purchase).values()) == ["succeeded"]
    assert status_of(purchase) == PurchaseStatus.AWAITING_PAYMENT

    # when the buyer looks at her purchase once the webhook is late (it went to the dead one)
    lapse(purchase, payment_started_at=ago(11))
    response = Client().get(f"/en/purchases/{purchase.token}/")

    # then the page asked Stripe, and the purchase is paid by that intent
    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    assert [purchase.payment_intent_id] == list(intents_of(purchase))
    assert knot_stock() == KNOT_STOCK - 2


@pytest.mark.django_db(transaction=True)
def test_paying_again_after_the_server_died_charging_gets_that_success(dies_at_the_charge):
    purchase = make_purchase(intent_id="")
    pay_and_die(purchase, after_sending=True, dies=dies_at_the_charge)

    # She presses Pay again (the first press answered 502) with a freshly tokenised card.
    again = payments.purchase_pay(
        purchase=Purchase.objects.get(pk=purchase.pk), card_token=card_token(GOOD_CARD)
    )

    assert again.status == "succeeded"
    assert intents_of(purchase) == {again.id: "succeeded"}  # charged once
    assert status_of(purchase) == PurchaseStatus.PAID


@pytest.mark.django_db(transaction=True)
def test_the_overdue_settler_pays_rather_than_expires_what_a_dead_server_charged(
    dies_at_the_charge,
):
    purchase = make_purchase(intent_id="")
    pay_and_die(purchase, after_sending=True, dies=dies_at_the_charge)
    lapse(purchase, reserved_until=ago(60))

    expired = payments.purchases_settle_overdue()

    assert expired == 0
    assert status_of(purchase) == PurchaseStatus.PAID
    assert knot_stock() == KNOT_STOCK - 2  # the pieces she paid for stay hers


@pytest.mark.django_db(transaction=True)
def test_a_lost_answer_to_the_charge_does_not_say_nothing_was_charged(localstripe, monkeypatch):
    """The server lives but Stripe's answer to the confirm never arrives (the connection
    drops after localstripe charged): the buyer is not told "nothing was charged", the
    pieces stay held, and the page finds the payment."""
    send = stripe._http_client.RequestsClient.request

    def request(self, method, url, headers, post_data=None):
        answer = send(self, method, url, headers, post_data)
        if charges_the_card(method, url, post_data):
            raise stripe.APIConnectionError("connection reset (injected at the HTTP boundary)")
        return answer

    monkeypatch.setattr(stripe._http_client.RequestsClient, "request", request)
    purchase = make_purchase(intent_id="")
    client = Client()

    response = client.post(
        f"/en/purchases/{purchase.token}/pay/", {"card_token": card_token(GOOD_CARD)}
    )

    assert response.status_code == 402
    assert "Nothing was charged" not in response.json()["message"]
    assert response.json()["stock_held"] is True
    assert list(intents_of(purchase).values()) == ["succeeded"]
    lapse(purchase, payment_started_at=ago(11))
    client.get(f"/en/purchases/{purchase.token}/")
    assert status_of(purchase) == PurchaseStatus.PAID


# Created, never confirmed: never paid, never in the way ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_intent_never_confirmed_is_not_paid_and_the_settler_cancels_it(dies_at_the_charge):
    # given a server that died between creating the intent and confirming it
    purchase = make_purchase(intent_id="")
    pay_and_die(purchase, after_sending=False, dies=dies_at_the_charge)
    [(intent_id, status)] = intents_of(purchase).items()
    assert status == "requires_confirmation"

    # when the page asks Stripe, it stays unpaid with its pieces held
    lapse(purchase, payment_started_at=ago(11))
    Client().get(f"/en/purchases/{purchase.token}/")
    assert status_of(purchase) == PurchaseStatus.AWAITING_PAYMENT
    assert knot_stock() == KNOT_STOCK - 2

    # and when its reservation lapses it expires, its intent cancelled so it can never charge
    lapse(purchase, reserved_until=ago(60))
    assert payments.purchases_settle_overdue() == 1
    assert status_of(purchase) == PurchaseStatus.EXPIRED
    assert knot_stock() == KNOT_STOCK
    assert intents_of(purchase) == {intent_id: "canceled"}


@pytest.mark.django_db(transaction=True)
def test_an_intent_never_confirmed_does_not_block_a_new_attempt(dies_at_the_charge):
    purchase = make_purchase(intent_id="")
    pay_and_die(purchase, after_sending=False, dies=dies_at_the_charge)
    [abandoned] = intents_of(purchase)

    paid = payments.purchase_pay(
        purchase=Purchase.objects.get(pk=purchase.pk), card_token=card_token(GOOD_CARD)
    )

    assert paid.status == "succeeded"
    assert paid.id != abandoned
    assert intents_of(purchase) == {abandoned: "canceled", paid.id: "succeeded"}
    purchase.refresh_from_db()
    assert purchase.is_confirming  # the webhook (none here) or the page's sync makes it paid
    assert (purchase.payment_intent_id, purchase.payment_attempts) == (paid.id, 2)


# What already worked still does (these pass before the mend too) ---------------------------


@pytest.mark.django_db(transaction=True)
def test_a_card_refused_at_the_charge_releases_the_stock_and_a_new_attempt_pays(localstripe):
    purchase = make_purchase(intent_id="")
    with pytest.raises(PaymentDeclined) as declined:
        payments.purchase_pay(purchase=purchase, card_token=card_token(DECLINED_WHEN_CHARGED))
    assert declined.value.message == payments.decline_message("card_declined")
    assert knot_stock() == KNOT_STOCK
    [first] = intents_of(purchase)
    lapse(purchase, payment_started_at=ago(11))
    assert not payments.payment_sync_due(Purchase.objects.get(pk=purchase.pk))  # refused: known

    paid = payments.purchase_pay(
        purchase=Purchase.objects.get(pk=purchase.pk), card_token=card_token(GOOD_CARD)
    )

    assert paid.id != first
    assert intents_of(purchase) == {first: "requires_payment_method", paid.id: "succeeded"}
    assert Purchase.objects.get(pk=purchase.pk).is_confirming
    assert knot_stock() == KNOT_STOCK - 2


@pytest.mark.django_db(transaction=True)
def test_stripe_out_of_reach_before_anything_is_created_charges_nothing(localstripe, settings):
    purchase = make_purchase(intent_id="")
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port

    with translation.override("en"), pytest.raises(PaymentNotPossible) as refused:
        payments.purchase_pay(purchase=purchase, card_token="tok_never_sent")

    assert "Nothing was charged" in str(refused.value.message)
    purchase.refresh_from_db()
    assert (purchase.payment_intent_id, purchase.status) == ("", PurchaseStatus.AWAITING_PAYMENT)
    assert not payments.payment_sync_due(purchase)
    assert knot_stock() == KNOT_STOCK - 2


@pytest.mark.django_db
def test_the_page_gives_an_intent_being_confirmed_the_grace_before_asking_stripe():
    purchase = make_purchase(intent_id="pi_being_confirmed")
    lapse(purchase, payment_intent_status="requires_confirmation", payment_started_at=ago(3))
    purchase.refresh_from_db()
    assert not payments.payment_sync_due(purchase)  # its confirm is still on its way

    lapse(purchase, payment_started_at=ago(11))
    purchase.refresh_from_db()
    assert payments.payment_sync_due(purchase)  # its server may have died: ask Stripe
