"""Properties of the fair allocation, proven over generated inputs with hypothesis."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from orders.production.allocation import Request, allocate, share, water_level

requests_strategy = st.lists(st.integers(min_value=1, max_value=300), min_size=0, max_size=40).map(
    lambda amounts: [Request(key=i + 1, quantity=q, order=i) for i, q in enumerate(amounts)]
)


@settings(max_examples=300)
@given(requests=requests_strategy, quantity=st.integers(min_value=0, max_value=3000))
def test_sum_never_exceeds_the_quantity_and_nobody_gets_more_than_she_asked(requests, quantity):
    allocation = allocate(requests, quantity)
    assert sum(allocation.values()) <= quantity
    for request in requests:
        assert 0 <= allocation[request.key] <= request.quantity


@settings(max_examples=300)
@given(requests=requests_strategy, quantity=st.integers(min_value=0, max_value=3000))
def test_nobody_gets_less_than_her_fair_share_but_by_the_rounding_rule(requests, quantity):
    """With minimum 1: each gets min(request, L) or, by the rounding rule, one piece more."""
    allocation = allocate(requests, quantity)
    level = water_level([r.quantity for r in requests], quantity)
    for request in requests:
        assert min(request.quantity, level) <= allocation[request.key]
        assert allocation[request.key] <= min(request.quantity, level + 1)
    # nothing is left unused while someone still wants more
    assert sum(allocation.values()) == min(quantity, sum(r.quantity for r in requests))


@settings(max_examples=200)
@given(requests=requests_strategy, quantity=st.integers(min_value=0, max_value=3000))
def test_the_remainder_goes_to_the_earliest_requests(requests, quantity):
    allocation = allocate(requests, quantity)
    level = water_level([r.quantity for r in requests], quantity)
    extra = [r.order for r in requests if allocation[r.key] > min(r.quantity, level)]
    wanting = [r.order for r in requests if r.quantity > level]
    assert extra == sorted(wanting)[: len(extra)]


@settings(max_examples=200)
@given(
    requests=requests_strategy,
    quantity=st.integers(min_value=0, max_value=3000),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_allocation_is_deterministic_whatever_the_input_order(requests, quantity, seed):
    shuffled = requests[:]
    random.Random(seed).shuffle(shuffled)
    assert allocate(shuffled, quantity) == allocate(requests, quantity)


@settings(max_examples=300)
@given(
    requests=requests_strategy,
    quantity=st.integers(min_value=0, max_value=3000),
    minimum=st.integers(min_value=1, max_value=50),
)
def test_the_minimum_claim_is_respected(requests, quantity, minimum):
    allocation = allocate(requests, quantity, minimum=minimum)
    assert sum(allocation.values()) <= quantity
    for request in requests:
        amount = allocation[request.key]
        assert amount == 0 or minimum <= amount <= request.quantity


def test_a_worked_example():
    # 100 pieces; requests 10, 40, 60, 80 (in that order): level 30 → 10, 30, 30, 30.
    requests = [Request(1, 10, 0), Request(2, 40, 1), Request(3, 60, 2), Request(4, 80, 3)]
    assert allocate(requests, 100) == {1: 10, 2: 30, 3: 30, 4: 30}
    # 101 pieces: the one left over goes to the earliest still wanting more (member 2).
    assert allocate(requests, 101) == {1: 10, 2: 31, 3: 30, 4: 30}
    # minimum 35: 3 mothers at ≥35 don't fit in 100 with member 1's 10 … the latest steps aside.
    assert allocate(requests, 100, minimum=35) == {1: 0, 2: 40, 3: 60, 4: 0}


def test_share_without_enough_for_everyone():
    requests = [Request(k, 5, k) for k in range(1, 8)]
    assert share(requests, 3) == {1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0}
