"""Paying again after the answer to a successful payment was lost (a 502 from the balancer, a
closed tab, a second press before the webhook came): the buyer gets that success back and
her card is charged once. localstripe is the Stripe server, over real HTTP; no webhook is
registered, so the purchase stays "confirming" between the two presses, as it does while
Stripe's event is on its way."""

import pytest

from marketplace import stripe_gateway as gateway
from marketplace.models import Purchase, PurchaseStatus
from marketplace.services import payments
from marketplace.services.payments import PaymentDeclined
from tests.marketplace.stripe_webhooks import KNOT_STOCK, card_token, knot_stock, make_purchase


def intents_of(purchase: Purchase) -> list:
    """Every PaymentIntent Stripe holds for the purchase, whatever our database says."""
    listed = gateway.client().v1.payment_intents.list(params={"limit": 100})
    return [
        intent
        for intent in listed.data
        if intent.metadata.to_dict().get("purchase_id") == str(purchase.pk)
    ]


@pytest.mark.django_db(transaction=True)
def test_paying_again_after_a_success_charges_once(localstripe):
    purchase = make_purchase(intent_id="")
    first = payments.purchase_pay(purchase=purchase, card_token=card_token("4242424242424242"))
    assert first.status == "succeeded"

    # She presses "pay" again with a freshly tokenised card, the first answer never seen.
    again = payments.purchase_pay(
        purchase=Purchase.objects.get(pk=purchase.pk),
        card_token=card_token("4242424242424242"),
    )

    assert again.id == first.id
    assert [intent.status for intent in intents_of(purchase)] == ["succeeded"]
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID  # asking Stripe settled it
    assert purchase.payment_attempts == 1
    assert knot_stock() == KNOT_STOCK - 2


@pytest.mark.django_db(transaction=True)
def test_a_declined_card_may_still_be_tried_again(localstripe):
    purchase = make_purchase(intent_id="")
    with pytest.raises(PaymentDeclined):
        payments.purchase_pay(purchase=purchase, card_token=card_token("4000000000000002"))

    paid = payments.purchase_pay(
        purchase=Purchase.objects.get(pk=purchase.pk),
        card_token=card_token("4242424242424242"),
    )

    assert paid.status == "succeeded"
    assert [intent.status for intent in intents_of(purchase)].count("succeeded") == 1
