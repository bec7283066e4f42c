"""The money tests' world: a larger order than production's (1,000 knots at ¥3.50, at most
500 a mother), three ``mothers`` who earned from it, and the payout ``run`` their coordinator
started from its page, with Stripe's ``transfers`` faked."""

from types import SimpleNamespace

import pytest

from marketplace import stripe_gateway
from orders.models import PayoutRun, ProductionOrder, Rail
from tests.orders.factories import knot_order
from tests.orders.money_world import (
    FakeTransfers,
    bank_profile,
    earning_mother,
    start,
    stripe_profile,
)


@pytest.fixture
def order(cooperative) -> ProductionOrder:
    return knot_order(cooperative, quantity=1000, max_per_mother=500)


@pytest.fixture
def transfers(monkeypatch) -> FakeTransfers:
    fake = FakeTransfers()
    monkeypatch.setattr(stripe_gateway, "transfer_create", fake)
    return fake


@pytest.fixture
def mothers(order, coordinator) -> SimpleNamespace:
    """王秀兰 by bank (40 × ¥3.50 = ¥140.00), 李红 by Stripe (20 × ¥3.50 = ¥70.00) and
    张敏, who chose Stripe but has no account yet (10 × ¥3.50 = ¥35.00): ¥245.00 in all."""
    actor = coordinator.user
    bank = bank_profile(bank="农业银行莱西支行", holder="王秀兰", number="6228480000000001")
    return SimpleNamespace(
        wang=earning_mother(order, accepted=40, actor=actor, name="王秀兰", **bank),
        li=earning_mother(
            order, accepted=20, actor=actor, name="李红", **stripe_profile("acct_li")
        ),
        zhang=earning_mother(order, accepted=10, actor=actor, name="张敏", rail=Rail.STRIPE),
    )


@pytest.fixture
def run(coordinator_client, cooperative, mothers, transfers) -> PayoutRun:
    """The run up to today, started from its page: 李红 paid by Stripe, the others pending."""
    response = start(coordinator_client, cooperative)
    assert response.status_code == 302
    return PayoutRun.objects.get()
