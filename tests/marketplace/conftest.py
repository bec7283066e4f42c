"""Fixtures of the marketplace tests (the shared ones are in tests/conftest.py)."""

import pytest

from tests.fake_stripe_refunds import FakeStripeRefunds, fake_stripe_refunds


@pytest.fixture
def stripe_refunds(monkeypatch) -> FakeStripeRefunds:
    """Stripe's Refunds API, faked: refunds succeed unless the test says otherwise."""
    return fake_stripe_refunds(monkeypatch)
