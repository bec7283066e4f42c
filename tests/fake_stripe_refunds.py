"""Stripe's Refunds API without a network: the ``stripe_refunds`` fixture
(tests/marketplace/conftest.py), or ``fake_stripe_refunds(monkeypatch)`` in a test that makes
its own threads, installs it."""

import threading

from marketplace import stripe_gateway as gateway


class FakeStripeRefunds:
    """A stand-in for ``stripe_gateway.refund_create``, Stripe's Refunds API.

    Unit tests must run without a network or keys, and must be able to make Stripe refuse
    or fail on demand; test_refunds.py also refunds through a real HTTP server (localstripe).
    Like Stripe, it answers a repeated idempotency key with the refund it already made.
    """

    def __init__(self):
        self.calls: list[dict] = []
        self.outage = False
        self.status = "succeeded"
        self.before_answer = None  # called with the refund id, as if Stripe's webhook raced us
        self._lock = threading.Lock()

    def __call__(self, *, payment_intent, amount, currency, idempotency_key) -> dict:
        with self._lock:
            self.calls.append(
                {
                    "payment_intent": payment_intent,
                    "amount": amount,
                    "currency": currency,
                    "idempotency_key": idempotency_key,
                }
            )
        if self.outage:
            raise gateway.GatewayError("Could not connect to Stripe")
        refund_id = f"re_{idempotency_key}"
        if self.before_answer:
            self.before_answer(refund_id)
        return {"id": refund_id, "status": self.status}


def fake_stripe_refunds(monkeypatch) -> FakeStripeRefunds:
    """Put a new fake in place of ``stripe_gateway.refund_create`` for this test."""
    fake = FakeStripeRefunds()
    monkeypatch.setattr(gateway, "refund_create", fake)
    return fake
