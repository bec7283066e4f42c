"""One lock order (marketplace/locks.py): a purchase before its lines. The coordinator's steps,
refunds, Stripe's webhooks and the expiry job at one purchase never deadlock on PostgreSQL.

Real threads, each on its own connection, released together; every call must end in a result
or the service's own refusal (see tests/threads.py). SQLite queues every writer.
"""

from decimal import Decimal

import pytest

from marketplace.exceptions import InvalidTransition, RefundNotPossible
from marketplace.models import LineStatus, Product, Purchase, PurchaseLine, Refund
from marketplace.services import payments
from marketplace.services.fulfilment import line_cancel, line_pack, purchase_refund
from marketplace.services.purchases import purchase_expire
from tests.factories import ProductFactory, PurchaseFactory, paid_purchase
from tests.fake_stripe_refunds import fake_stripe_refunds
from tests.marketplace.stripe_webhooks import intent_event
from tests.threads import Race, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]

NOTHING = type(None)


def cancel(line: PurchaseLine):
    return lambda: line_cancel(line=line, actor=None, reason="买家改主意了")


def refund(purchase: Purchase, line: PurchaseLine):
    return lambda: purchase_refund(
        purchase=purchase, line=line, amount=Decimal("10.00"), reason="少发一件", actor=None
    )


def test_packing_cancelling_and_refunding_the_lines_of_a_purchase_never_deadlock(monkeypatch):
    fake_stripe_refunds(monkeypatch)
    products = [ProductFactory(price=Decimal("25.00"), stock=10) for _ in range(3)]
    purchase = paid_purchase(*[(product, 4) for product in products])
    lines = list(purchase.lines.order_by("pk"))
    race = Race()
    pack = [lambda li=li: line_pack(line=li, actor=None) for li in lines * 3]
    race.add(pack, PurchaseLine, InvalidTransition)
    race.add([cancel(li) for li in lines * 3], Refund, NOTHING, InvalidTransition)
    race.add([refund(purchase, li) for li in lines * 3], Refund, RefundNotPossible)

    race.run()

    for line, product in zip(purchase.lines.order_by("pk"), products, strict=True):
        assert line.refunded_amount <= line.subtotal
        held = 0 if line.status == LineStatus.CANCELLED else line.quantity
        assert Product.objects.get(pk=product.pk).stock == 10 - held


def unpaid_purchase() -> Purchase:
    """Two in-stock lines held for the buyer, a payment under way at Stripe."""
    products = [ProductFactory(price=Decimal("25.00"), stock=10) for _ in range(2)]
    purchase = PurchaseFactory(items=[(product, 3) for product in products])
    Purchase.objects.filter(pk=purchase.pk).update(payment_intent_id=f"pi_{purchase.pk}")
    return Purchase.objects.get(pk=purchase.pk)


def stripe_says(purchase: Purchase) -> list:
    """Three deliveries each of "paid" and "declined", as Stripe sends them."""
    events = [intent_event("payment_intent.succeeded", purchase) for _ in range(3)]
    events += [
        intent_event("payment_intent.payment_failed", purchase, error_code="card_declined")
        for _ in range(3)
    ]
    return [lambda e=e: payments.stripe_event_handle(e) for e in events]


def test_the_webhooks_expiry_and_a_coordinator_at_unpaid_purchases_never_deadlock(monkeypatch):
    fake_stripe_refunds(monkeypatch)
    purchases = [unpaid_purchase() for _ in range(5)]
    race = Race()
    for purchase in purchases:
        lines = list(purchase.lines.all())
        race.add(stripe_says(purchase), bool)
        race.add([lambda p=purchase: purchase_expire(purchase=p)] * 2, Purchase)
        race.add([cancel(li) for li in lines * 2], Refund, NOTHING, InvalidTransition)

    race.run()

    for line in PurchaseLine.objects.select_related("product"):
        assert line.product.stock == 10 - (line.quantity if line.holds_stock else 0)
