"""The claim page offers what ``claim_set`` and ``request_set`` allow, no more and no less:
both read the same rules (orders/production/services/claims.py: claim_limits,
claim_open_check; requests.py: request_open_check)."""

import datetime
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from orders.exceptions import ClaimError
from orders.models import OrderMode, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from orders.production.services.requests import request_set
from tests.factories import coordinator_of
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import claim_page, fresh

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


# Every number the page offers is one a POST takes (issue 12, point 4) ----------------------


def hand_over(claim, *, accepted: int = 0, pending: int = 0) -> None:
    """``accepted`` of her pieces handed over and accepted, ``pending`` more awaiting it."""
    actor = coordinator_of(claim.order.cooperative).user
    if accepted:
        handover = handover_record(claim=claim, count=accepted, actor=actor)
        inspection_record(handover=handover, accepted=accepted, rejections={}, actor=actor)
    if pending:
        handover_record(claim=fresh(claim), count=pending, actor=actor)


def offered(page: str) -> set[int]:
    """Every number the page puts in her hand: each quick choice, the let-go (or withdraw)
    form's number, and the stepper's least, most and lowest step."""
    numbers = {int(n) for n in re.findall(r'data-set="(\d+)"', page)}
    numbers |= {int(n) for n in re.findall(r'name="quantity" value="(\d+)"', page)}
    for bound in ("floor", "least", "most"):
        numbers |= {int(n) for n in re.findall(rf'data-{bound}="(\d+)"', page)}
    return numbers


def taken(client, order: ProductionOrder, quantity: int) -> bool:
    """Whether posting ``quantity`` on her claim page is taken; nothing of it stays."""
    saved = transaction.savepoint_create()
    try:
        return client.post(claim_page(order), {"quantity": quantity}).status_code == 302
    finally:
        transaction.savepoint_rollback(saved)


# state: (pieces others hold, pieces she holds, of hers accepted, of hers awaiting inspection)
STATES = {
    "no-claim": (0, 0, 0, 0),
    "nothing-handed": (0, 40, 0, 0),
    "partly-handed": (0, 120, 60, 27),  # the 87 of 120 handed over
    "fully-handed": (0, 40, 40, 0),
    "below-least": (0, 20, 0, 5),  # 5 handed over, fewer than the smallest claim
    "full": (300, 0, 0, 0),
    "full-hers": (180, 120, 20, 0),
    "few-left": (295, 0, 0, 0),
    "cap": (0, 120, 0, 0),
    "cancelled": (0, 40, 0, 0),
    "past-due": (0, 40, 0, 0),
    "requests": (0, 0, 0, 0),  # she asks for 40 of a request window
}
CLOSING = {
    "cancelled": {"status": OrderStatus.CANCELLED},
    "past-due": {"due_date": datetime.date(2020, 1, 1)},
}


def world(state: str) -> tuple[ProductionOrder, object]:
    """An order of 300 pieces (10 to 120 a mother) and her, in ``state``."""
    mode = OrderMode.REQUEST_WINDOW if state == "requests" else OrderMode.FIRST_COME
    order = ProductionOrderFactory(quantity=300, min_claim=10, max_per_mother=120, mode=mode)
    her = mother_for(order)
    if state == "requests":
        request_set(order=order, mother=her, quantity=40)
    others, held, accepted, pending = STATES[state]
    while others:
        claim_set(order=order, mother=mother_for(order), quantity=min(others, 120))
        others -= min(others, 120)
    if held:
        claim = claim_set(order=order, mother=her, quantity=held)
        hand_over(claim, accepted=accepted, pending=pending)
    if state in CLOSING:
        ProductionOrder.objects.filter(pk=order.pk).update(**CLOSING[state])
    return order, her


@pytest.mark.parametrize("state", list(STATES))
def test_every_number_the_claim_page_offers_is_taken(client, state):
    # given her and the order in ``state``
    order, her = world(state)
    client.force_login(her.user)

    # when she reads her claim page
    page = client.get(claim_page(order)).content.decode()
    shown = offered(page)

    # then each number it offers is taken, and no number it leaves out between is offered
    refused = {q for q in shown if not taken(client, order, q)}
    assert refused == set(), f"offered but refused: {sorted(refused)}"
    if state in {"full", "cancelled", "past-due"}:
        assert shown == set() and 'id="claim-closed"' in page


def test_with_87_of_120_handed_over_she_is_offered_87_to_120_and_no_release(client):
    order, her = world("partly-handed")
    client.force_login(her.user)

    response = client.get(claim_page(order))
    page = response.content.decode()

    room = response.context["room"]
    assert (room.floor, room.least, room.most) == (87, 87, 120)
    assert room.choices == [120]  # 10, 20 and 40 are below what she handed over
    assert "Release my" not in page and 'name="quantity" value="0"' not in page
    assert "you have handed over 87 pieces" in page
    assert taken(client, order, 87) and not taken(client, order, 86)
    assert not taken(client, order, 0)


def test_with_some_handed_over_she_may_keep_only_those(client):
    """5 of her 20 handed over, fewer than the smallest claim of 10: she may still let the
    other 15 go, and keep the 5."""
    order, her = world("below-least")
    client.force_login(her.user)

    page = client.get(claim_page(order)).content.decode()

    assert "Keep only my 5 handed-over pieces" in page
    assert 'name="quantity" value="5"' in page
    assert taken(client, order, 5)
    assert not taken(client, order, 4) and not taken(client, order, 0)


@pytest.mark.parametrize("state", ["no-claim", "nothing-handed", "partly-handed", "cap"])
def test_the_rule_the_page_reads_is_the_one_claim_set_keeps(client, state):
    """Every number from 0 to past the cap: allowed by ``claim_limits`` exactly when a POST
    of it is taken."""
    order, her = world(state)
    client.force_login(her.user)
    limits = room(client, order).limits

    for quantity in [*range(0, 12), 39, 40, 41, 86, 87, 88, 119, 120, 121, 180, 181]:
        assert limits.allows(quantity) is taken(client, order, quantity), quantity
