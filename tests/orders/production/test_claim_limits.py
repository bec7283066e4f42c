"""The claim page offers what ``claim_set`` and ``request_set`` allow, no more and no less:
both read the same rules (orders/production/services/claims.py: claim_limits,
claim_open_check; requests.py: request_open_check)."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from orders.exceptions import ClaimError
from orders.models import OrderMode, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.requests import request_set
from tests.orders.factories import ProductionOrderFactory, mother_for

pytestmark = pytest.mark.django_db


def room(client, order: ProductionOrder):
    with translation.override("en"):
        response = client.get(reverse("work_order", args=[order.pk]))
    assert response.status_code == 200
    return response.context["room"]


def allowed(order: ProductionOrder, mother, quantity: int) -> bool:
    try:
        claim_set(order=order, mother=mother, quantity=quantity)
    except ClaimError:
        return False
    return True


@pytest.mark.parametrize(
    ("taken", "held"), [(0, 0), (0, 30), (45, 0), (45, 10), (94, 0), (95, 0), (90, 6)]
)
def test_the_stepper_offers_exactly_the_claims_claim_set_takes(client, taken, held):
    # given an order of 100 (2 to 60 a mother), ``taken`` by others and ``held`` by her
    order = ProductionOrderFactory(quantity=100, min_claim=2, max_per_mother=60)
    while taken:
        claim_set(order=order, mother=mother_for(order), quantity=min(taken, 50))
        taken -= min(taken, 50)
    her = mother_for(order)
    if held:
        claim_set(order=order, mother=her, quantity=held)
    client.force_login(her.user)

    # when the page offers least..most, then each bound is taken and one past it is not
    offer = room(client, order)
    for quantity in sorted({offer.least, offer.most, offer.most + 1}):
        expected = offer.least <= quantity <= offer.most
        assert allowed(order, her, quantity) is expected, quantity
        claim_set(order=order, mother=her, quantity=held)  # as it was
    assert bool(offer.choices) == (offer.least <= offer.most)


@pytest.mark.parametrize(
    "change",
    [{"due_date": datetime.date(2020, 1, 1)}, {"status": OrderStatus.CANCELLED}],
    ids=["past-due", "cancelled"],
)
def test_a_closed_order_says_why_in_the_words_claim_set_refuses_with(client, change):
    order = ProductionOrderFactory()
    her = mother_for(order)
    ProductionOrder.objects.filter(pk=order.pk).update(**change)
    client.force_login(her.user)
    with translation.override("en"):
        shown = room(client, order).closed
        with pytest.raises(ClaimError) as refused:
            claim_set(order=order, mother=her, quantity=5)
    assert shown and shown == refused.value.message


def test_a_closed_request_window_says_why_in_the_words_request_set_refuses_with(client):
    order = ProductionOrderFactory(
        mode=OrderMode.REQUEST_WINDOW,
        window_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    her = mother_for(order)
    client.force_login(her.user)
    with translation.override("en"):
        shown = room(client, order).closed
        with pytest.raises(ClaimError) as refused:
            request_set(order=order, mother=her, quantity=5)
    assert shown == refused.value.message == "Requests for this order have closed."
