"""Claims: the rules, and never over-claimed under concurrent taps (SQLite and PostgreSQL)."""

import datetime
from collections import Counter

from django.utils import timezone

import pytest

from orders.exceptions import (
    ClaimExceedsRemaining,
    ClaimOutOfLimits,
    NotEligible,
    OrderNotClaimable,
    OrderPastDue,
)
from orders.models import Claim, OrderMode, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from tests.factories import CooperativeFactory, MembershipFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.threads import run_together


def order_claimed(order) -> int:
    return ProductionOrder.objects.get(pk=order.pk).claimed


@pytest.mark.django_db
class TestClaimRules:
    def test_a_mother_claims_raises_lowers_and_releases(self):
        order = ProductionOrderFactory(quantity=100)
        mother = mother_for(order)

        claim_set(order=order, mother=mother, quantity=40)
        assert order_claimed(order) == 40
        claim_set(order=order, mother=mother, quantity=60)
        assert order_claimed(order) == 60
        claim_set(order=order, mother=mother, quantity=15)
        assert order_claimed(order) == 15
        claim = claim_set(order=order, mother=mother, quantity=0)

        assert order_claimed(order) == 0
        assert claim.status == "released"
        assert Claim.objects.count() == 1

    def test_the_last_pieces_fill_the_order_and_a_release_reopens_it(self):
        order = ProductionOrderFactory(quantity=50)
        first, second = mother_for(order), mother_for(order)
        claim_set(order=order, mother=first, quantity=30)
        claim_set(order=order, mother=second, quantity=20)
        assert ProductionOrder.objects.get(pk=order.pk).status == OrderStatus.FULLY_CLAIMED

        claim_set(order=order, mother=second, quantity=10)
        assert ProductionOrder.objects.get(pk=order.pk).status == OrderStatus.OPEN

    def test_over_claiming_is_refused_with_what_is_left(self):
        order = ProductionOrderFactory(quantity=50)
        claim_set(order=order, mother=mother_for(order), quantity=45)

        with pytest.raises(ClaimExceedsRemaining) as error:
            claim_set(order=order, mother=mother_for(order), quantity=10)

        assert error.value.left == 5
        assert "5" in error.value.message
        assert order_claimed(order) == 45

    @pytest.mark.parametrize("quantity", [-5, 2, 101, 10**9])
    def test_quantities_outside_the_limits_change_nothing(self, quantity):
        order = ProductionOrderFactory(min_claim=5, max_per_mother=100, quantity=1000)
        mother = mother_for(order)
        with pytest.raises(ClaimOutOfLimits):
            claim_set(order=order, mother=mother, quantity=quantity)
        assert order_claimed(order) == 0 and not Claim.objects.exists()

    @pytest.mark.parametrize(
        "status", [OrderStatus.DRAFT, OrderStatus.CANCELLED, OrderStatus.COMPLETED]
    )
    def test_closed_orders_take_no_claims(self, status):
        order = ProductionOrderFactory(status=status)
        with pytest.raises(OrderNotClaimable):
            claim_set(order=order, mother=mother_for(order), quantity=5)
        assert order_claimed(order) == 0

    def test_request_window_orders_take_no_instant_claims(self):
        order = ProductionOrderFactory(mode=OrderMode.REQUEST_WINDOW)
        with pytest.raises(OrderNotClaimable):
            claim_set(order=order, mother=mother_for(order), quantity=5)

    def test_past_due_orders_take_no_claims(self):
        order = ProductionOrderFactory(due_date=timezone.localdate() - datetime.timedelta(days=1))
        with pytest.raises(OrderPastDue):
            claim_set(order=order, mother=mother_for(order), quantity=5)

    def test_a_mother_without_the_skill_cannot_claim(self):
        order = ProductionOrderFactory()
        with pytest.raises(NotEligible):
            claim_set(order=order, mother=mother_for(order, skilled=False), quantity=5)
        assert order_claimed(order) == 0

    def test_a_mother_of_another_cooperative_cannot_claim(self):
        order = ProductionOrderFactory()
        outsider = MembershipFactory(cooperative=CooperativeFactory())
        with pytest.raises(NotEligible):
            claim_set(order=order, mother=outsider, quantity=5)

    def test_a_coordinator_or_inactive_member_cannot_claim(self):
        order = ProductionOrderFactory(required_skill=None)
        coordinator = MembershipFactory(cooperative=order.cooperative, role="coordinator")
        inactive = MembershipFactory(cooperative=order.cooperative, is_active=False)
        for member in (coordinator, inactive):
            with pytest.raises(NotEligible):
                claim_set(order=order, mother=member, quantity=5)


@pytest.mark.django_db(transaction=True)
def test_fifty_mothers_tapping_at_once_never_over_claim():
    order = ProductionOrderFactory(quantity=500, max_per_mother=40)
    mothers = [mother_for(order) for _ in range(50)]

    results = run_together(
        [lambda m=m: claim_set(order=order, mother=m, quantity=15 + m.pk % 26) for m in mothers]
    )

    kinds = Counter(type(r).__name__ for r in results)
    assert set(kinds) <= {"Claim", "ClaimExceedsRemaining"}, kinds
    claims_total = sum(c.quantity for c in Claim.objects.filter(order=order))
    assert claims_total == order_claimed(order) <= 500
    losers = [r for r in results if isinstance(r, ClaimExceedsRemaining)]
    for loser in losers:
        assert loser.left < 40  # each was told how many were left, fewer than she asked for
    assert kinds["ClaimExceedsRemaining"] == 0 or order_claimed(order) > 500 - 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_raise_lower_and_release_of_one_claim_stay_consistent():
    order = ProductionOrderFactory(quantity=100, max_per_mother=100)
    mother = mother_for(order)
    claim_set(order=order, mother=mother, quantity=30)
    wanted = [0, 10, 50, 80, 5, 30, 60, 0, 100, 20] * 2

    results = run_together(
        [lambda q=q: claim_set(order=order, mother=mother, quantity=q) for q in wanted]
    )

    assert not [r for r in results if not isinstance(r, Claim)], results
    claim = Claim.objects.get(order=order, mother=mother)
    assert order_claimed(order) == claim.quantity
    assert claim.quantity in wanted


@pytest.mark.django_db(transaction=True)
def test_a_full_order_under_contention_ends_exactly_full():
    order = ProductionOrderFactory(quantity=100, max_per_mother=10)
    mothers = [mother_for(order) for _ in range(20)]

    results = run_together(
        [lambda m=m: claim_set(order=order, mother=m, quantity=10) for m in mothers]
    )

    assert Counter(type(r).__name__ for r in results) == {"Claim": 10, "ClaimExceedsRemaining": 10}
    assert order_claimed(order) == 100
    assert ProductionOrder.objects.get(pk=order.pk).status == OrderStatus.FULLY_CLAIMED


@pytest.mark.django_db
def test_an_inactive_cooperative_takes_no_claims_or_requests():
    from orders.production.services.requests import request_set

    order = ProductionOrderFactory()
    mother = mother_for(order)
    type(order.cooperative).objects.filter(pk=order.cooperative_id).update(is_active=False)
    with pytest.raises(NotEligible):
        claim_set(order=order, mother=mother, quantity=5)
    window = ProductionOrderFactory(
        cooperative=order.cooperative,
        product=order.product,
        mode=OrderMode.REQUEST_WINDOW,
        window_closes_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(NotEligible):
        request_set(order=window, mother=mother, quantity=5)
    assert not Claim.objects.exists()
