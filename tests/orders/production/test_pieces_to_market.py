"""Accepted pieces reach the market through its services: the lines an order serves learn how
their making goes, the rest goes into stock, and a correction takes pieces back — never below
what the stock holds."""

import datetime
import logging
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import Fulfilment, Product, PurchaseEventKind, PurchaseLine
from orders.models import OrderStatus, RejectionReason
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.production.services.orders import order_create
from tests.factories import ProductFactory, UserFactory, paid_purchase
from tests.orders.factories import ProductionOrderFactory, mother_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_user():
    return UserFactory()


def stock(product) -> int:
    return Product.objects.get(pk=product.pk).stock


def inspected(order, *, pieces: int, accepted: int, coordinator):
    """One mother's claim of ``pieces``, all handed over; ``accepted`` of them pass."""
    claim = claim_set(order=order, mother=mother_for(order), quantity=pieces)
    handover = handover_record(claim=claim, count=pieces, actor=coordinator)
    loose = RejectionReason.objects.get(cooperative=order.cooperative, code="loose-knot")
    rejections = {loose.pk: pieces - accepted} if pieces > accepted else {}
    return inspection_record(
        handover=handover, accepted=accepted, rejections=rejections, actor=coordinator
    )


def corrected(inspection, *, accepted: int, coordinator):
    order = inspection.handover.claim.order
    loose = RejectionReason.objects.get(cooperative=order.cooperative, code="loose-knot")
    return inspection_correct(
        inspection=inspection,
        accepted=accepted,
        rejections={loose.pk: inspection.count - accepted},
        actor=coordinator,
        note="复查",
    )


def test_a_downward_correction_takes_the_pieces_back_out_of_stock(coordinator_user):
    order = ProductionOrderFactory(quantity=10, max_per_mother=10, product__stock=0)
    first = inspected(order, pieces=10, accepted=10, coordinator=coordinator_user)
    assert stock(order.product) == 10
    corrected(first, accepted=7, coordinator=coordinator_user)
    assert stock(order.product) == 7


def test_pieces_already_sold_stay_sold_and_the_stock_never_goes_below_zero(
    coordinator_user, caplog
):
    order = ProductionOrderFactory(quantity=10, max_per_mother=10, product__stock=0)
    first = inspected(order, pieces=10, accepted=10, coordinator=coordinator_user)
    Product.objects.filter(pk=order.product_id).update(stock=1)  # nine sold meanwhile
    with caplog.at_level(logging.WARNING, logger="orders.production.services.handovers"):
        corrected(first, accepted=7, coordinator=coordinator_user)
    assert stock(order.product) == 1
    assert "had already left the stock" in caplog.text


def test_a_correction_of_made_to_order_pieces_tells_the_line(coordinator_user):
    product = ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, price=Decimal("30"))
    line = paid_purchase((product, 4)).lines.get()
    order = order_create(
        cooperative=product.cooperative,
        product=product,
        actor=coordinator_user,
        serves=[line],
        quantity=5,
        piece_rate=Decimal("5.00"),
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        min_claim=1,
        max_per_mother=5,
        status=OrderStatus.OPEN,
    )
    first = inspected(order, pieces=5, accepted=5, coordinator=coordinator_user)
    assert (PurchaseLine.objects.get(pk=line.pk).made, stock(product)) == (4, 1)
    corrected(first, accepted=3, coordinator=coordinator_user)
    line = PurchaseLine.objects.get(pk=line.pk)
    assert (line.made, line.makers, stock(product)) == (3, 1, 0)
    assert line.events.filter(status=PurchaseEventKind.MADE).count() == 1
