"""The ledger's promises, checked over random histories (hypothesis, stateful).

Inspections, corrections, adjustments, payout runs on both rails, refused transfers,
crashes and resumptions in any order; after every step:

- balance = earnings + adjustments − successful payouts, for every mother;
- no inspection earns twice (one earnings entry per inspection);
- no payout exceeds the balance it was paid from, and no balance goes below zero;
- nothing is ever updated or deleted (every entry seen before is still there, unchanged).

Stripe is replaced in-process here by a fake that honours idempotency keys like Stripe (the
real HTTP path, and crashes against it, are in test_payouts.py).
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from marketplace import stripe_gateway
from orders.exceptions import CorrectionNotPossible
from orders.models import (
    EntryKind,
    Inspection,
    LedgerEntry,
    Payout,
    PayoutRun,
    PayoutStatus,
    Rail,
    RejectionReason,
)
from orders.money.services.ledger import AdjustmentRefused, adjustment_record, balance_of
from orders.money.services.payouts import PayoutError, payout_fail, run_execute, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.orders.factories import PayoutProfileFactory, ProductionOrderFactory, mother_for

RATE = Decimal("3.50")


class Crash(Exception):
    pass


class StripeLike:
    """transfer_create as Stripe behaves: one transfer per idempotency key; a destination can
    be refused; the next call can be made to crash before or after Stripe acts."""

    def __init__(self):
        self.by_key: dict[str, stripe_gateway.Transfer] = {}
        self.refused: set[str] = set()
        self.crash: str | None = None  # "before" | "after"

    def __call__(self, *, amount, currency, destination, transfer_group, idempotency_key, metadata):
        if self.crash == "before":
            self.crash = None
            raise Crash
        if destination in self.refused:
            raise stripe_gateway.TransferRefused("No such destination")
        transfer = self.by_key.setdefault(
            idempotency_key,
            stripe_gateway.Transfer(
                id=f"tr_{len(self.by_key) + 1}",
                amount=stripe_gateway.to_minor_units(amount, currency),
                currency=currency,
                destination=destination,
            ),
        )
        if self.crash == "after":
            self.crash = None
            raise Crash
        return transfer

    def paid_to(self, destination: str) -> Decimal:
        return sum(
            (Decimal(t.amount) / 100 for t in self.by_key.values() if t.destination == destination),
            Decimal("0.00"),
        )


@pytest.mark.django_db
def test_the_ledger_holds_over_random_histories(monkeypatch):
    class Ledger(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.stripe = StripeLike()
            monkeypatch.setattr(stripe_gateway, "transfer_create", self.stripe)
            self.order = ProductionOrderFactory(
                quantity=100_000, piece_rate=RATE, max_per_mother=100_000
            )
            self.reason = RejectionReason.objects.get(
                cooperative=self.order.cooperative, code="loose-knot"
            )
            self.mothers = [mother_for(self.order) for _ in range(3)]
            PayoutProfileFactory(
                membership=self.mothers[0], rail=Rail.STRIPE, stripe_account_id="acct_a"
            )
            PayoutProfileFactory(
                membership=self.mothers[1], rail=Rail.STRIPE, stripe_account_id="acct_b"
            )
            self.earned = dict.fromkeys(self.mothers, Decimal("0.00"))
            self.adjusted = dict.fromkeys(self.mothers, Decimal("0.00"))
            self.seen: dict[int, tuple] = {}
            self.runs: list[PayoutRun] = []

        def _paid(self, mother) -> Decimal:
            """Payouts not failed, counted from the payouts themselves (not the ledger)."""
            payouts = Payout.objects.filter(mother=mother).exclude(status=PayoutStatus.FAILED)
            return sum((p.amount for p in payouts), Decimal("0.00"))

        @rule(who=st.integers(0, 2), pieces=st.integers(1, 30), rejected=st.integers(0, 30))
        def inspect(self, who, pieces, rejected):
            rejected = min(rejected, pieces)
            mother = self.mothers[who]
            held = self.order.claims.filter(mother=mother).first()
            claim = claim_set(
                order=self.order, mother=mother, quantity=(held.quantity if held else 0) + pieces
            )
            handover = handover_record(claim=claim, count=pieces, actor=None)
            rejections = {self.reason.pk: rejected} if rejected else {}
            inspection_record(
                handover=handover, accepted=pieces - rejected, rejections=rejections, actor=None
            )
            self.earned[mother] += (pieces - rejected) * RATE

        @rule(data=st.data())
        def correct(self, data):
            latest = list(
                Inspection.objects.filter(
                    handover__claim__order=self.order, correction__isnull=True
                ).select_related("handover__claim")
            )
            if not latest:
                return
            inspection = data.draw(st.sampled_from(latest))
            accepted = data.draw(st.integers(0, inspection.count))
            rejected = inspection.count - accepted
            try:
                inspection_correct(
                    inspection=inspection,
                    accepted=accepted,
                    rejections={self.reason.pk: rejected} if rejected else {},
                    actor=None,
                    note="复查",
                )
            except CorrectionNotPossible:
                return
            mother = next(m for m in self.mothers if m.pk == inspection.handover.claim.mother_id)
            self.earned[mother] += (accepted - inspection.accepted) * RATE

        @rule(who=st.integers(0, 2), cents=st.integers(-10_000, 10_000))
        def adjust(self, who, cents):
            mother = self.mothers[who]
            amount = Decimal(cents) / 100
            try:
                adjustment_record(mother=mother, amount=amount, reason="奖励或扣款", actor=None)
            except AdjustmentRefused:
                return
            self.adjusted[mother] += amount

        @rule(crash=st.sampled_from([None, "before", "after"]), refuse_b=st.booleans())
        def pay(self, crash, refuse_b):
            before = {m: balance_of(m) for m in self.mothers}
            try:
                run = run_start(cooperative=self.order.cooperative, actor=None)
            except PayoutError:
                return
            self.runs.append(run)
            for payout in run.payouts.all():
                assert 0 < payout.amount <= before[payout.mother]
            self.stripe.refused = {"acct_b"} if refuse_b else set()
            self.stripe.crash = crash
            try:
                run_execute(run)
            except Crash:
                run_execute(run)  # resumed

        @rule(data=st.data())
        def fail_one(self, data):
            paid = list(
                Payout.objects.filter(
                    run__cooperative=self.order.cooperative, status=PayoutStatus.PAID
                )
            )
            if paid:
                payout_fail(payout=data.draw(st.sampled_from(paid)), why="退回")

        @invariant()
        def balances_add_up(self):
            for mother in self.mothers:
                balance = balance_of(mother)
                assert balance == self.earned[mother] + self.adjusted[mother] - self._paid(mother)
                # (A balance may go below zero: a correction after a payout takes back a
                # piece she was already paid for; her next earnings make up for it.)

        @invariant()
        def each_inspection_earns_once(self):
            inspections = Inspection.objects.filter(handover__claim__order=self.order).count()
            earnings = LedgerEntry.objects.filter(
                cooperative=self.order.cooperative, kind=EntryKind.EARNING
            )
            assert earnings.count() == inspections
            assert earnings.values("inspection").distinct().count() == inspections

        @invariant()
        def stripe_paid_each_payout_once(self):
            for payout in Payout.objects.filter(
                run__cooperative=self.order.cooperative, rail=Rail.STRIPE
            ):
                made = [t for k, t in self.stripe.by_key.items() if k == payout.idempotency_key]
                assert len(made) <= 1

        @invariant()
        def nothing_is_updated_or_deleted(self):
            now = {
                e.pk: (e.kind, e.amount, e.mother_id, e.inspection_id, e.payout_id)
                for e in LedgerEntry.objects.filter(cooperative=self.order.cooperative)
            }
            for pk, row in self.seen.items():
                assert now.get(pk) == row
            self.seen = now

    run_state_machine_as_test(
        Ledger,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
