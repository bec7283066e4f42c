"""What pieces earn: ``ProductionOrder.worth`` in Python and ``claim_worth`` in a query, the
one rule behind the earnings entry, the claim page's money line and "awaiting inspection"."""

from decimal import Decimal

import pytest

from orders.models import Claim, claim_worth
from tests.orders.factories import ProductionOrderFactory, mother_for


@pytest.mark.django_db
def test_pieces_earn_the_orders_rate_each_in_python_and_in_a_query():
    order = ProductionOrderFactory(piece_rate=Decimal("3.35"))
    claim = Claim.objects.create(order=order, mother=mother_for(order), quantity=7, pending=3)
    assert order.worth(7) == Decimal("23.45")
    assert order.worth(-1) == Decimal("-3.35")  # a correction's difference
    row = Claim.objects.annotate(held=claim_worth("quantity"), waiting=claim_worth("pending")).get(
        pk=claim.pk
    )
    assert (row.held, row.waiting) == (order.worth(7), order.worth(3))
