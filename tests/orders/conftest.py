"""The world most production and money tests start from: ``cooperative`` (tests/conftest.py)
has a knot ``order``, a ``mother`` trained for it, and her ``claim`` of 40 pieces. A module
whose order differs defines ``order`` again, on ``cooperative``, so that ``coordinator``
stays the order's coordinator."""

import pytest

from marketplace.models import Membership
from orders.models import Claim, ProductionOrder
from tests.orders.factories import ClaimFactory, knot_order, mother_for


@pytest.fixture
def order(cooperative) -> ProductionOrder:
    """100 red 8-inch knots at ¥3.50 a piece, due in three weeks, at most 60 a mother."""
    return knot_order(cooperative)


@pytest.fixture
def mother(order) -> Membership:
    """A mother of the order's cooperative, trained for it."""
    return mother_for(order)


@pytest.fixture
def claim(order, mother) -> Claim:
    return ClaimFactory(order=order, mother=mother, quantity=40)
