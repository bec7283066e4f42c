"""The factories of purchases and refunds make what checkout, Stripe's webhook and a
coordinator would: stock held, lines snapshotted, events and refunds recorded."""

from decimal import Decimal

import pytest

from marketplace.models import LineStatus, Product, PurchaseEvent, PurchaseStatus, Role
from marketplace.models.purchases import RefundStatus
from tests.factories import (
    CONTACT,
    ProductFactory,
    PurchaseFactory,
    RefundFactory,
    coordinator_of,
    paid_purchase,
)

pytestmark = pytest.mark.django_db


def stock(product) -> int:
    return Product.objects.values_list("stock", flat=True).get(pk=product.pk)


def test_a_purchase_holds_its_pieces_until_it_is_paid():
    knot = ProductFactory(price=Decimal("38.00"), stock=10)

    purchase = PurchaseFactory(items=[(knot, 3)])

    assert (purchase.status, purchase.total, purchase.email) == (
        PurchaseStatus.AWAITING_PAYMENT,
        Decimal("114.00"),
        CONTACT.email,
    )
    assert purchase.payment_intent_id == ""
    assert stock(knot) == 7


def test_a_paid_purchase_is_paid_as_the_webhook_pays_it():
    knot = ProductFactory(stock=10)

    purchase = paid_purchase((knot, 2))

    assert purchase.status == PurchaseStatus.PAID
    assert purchase.payment_intent_id == f"pi_test_{purchase.pk}"
    assert set(purchase.lines.values_list("status", flat=True)) == {LineStatus.PAID}
    assert PurchaseEvent.objects.filter(purchase=purchase, status="paid", line=None).count() == 1


def test_a_refund_goes_through_stripe_and_counts_on_its_line(stripe_refunds):
    purchase = paid_purchase((ProductFactory(price=Decimal("25.00")), 2))
    coordinator = coordinator_of(purchase.lines.get().cooperative)

    refund = RefundFactory(purchase=purchase, amount=Decimal("10.00"), actor=coordinator.user)

    assert (refund.status, refund.line, refund.created_by) == (
        RefundStatus.SUCCEEDED,
        purchase.lines.get(),
        coordinator.user,
    )
    assert purchase.lines.get().refunded_amount == Decimal("10.00")
    assert [call["idempotency_key"] for call in stripe_refunds.calls] == [f"refund-{refund.pk}"]


def test_a_coordinator_is_a_coordinators_membership(cooperative):
    coordinator = coordinator_of(cooperative)

    assert (coordinator.cooperative, coordinator.role) == (cooperative, Role.COORDINATOR)
    assert coordinator.user.email == "coordinator@example.com"
