"""Payout runs: every yuan paid once, whatever happens.

The Stripe transfers go over real HTTP to a fake of Stripe's Connect API
(tests/fake_stripe_connect.py) — localstripe has no Connect and real Stripe is out of reach —
which, like Stripe, answers a repeated idempotency key with the transfer it already made.
Crashes are injected by making one step raise; the run is then resumed as an operator would.
Runs on SQLite and PostgreSQL (make test runs the suite on both).
"""

import contextlib
import datetime
from collections import Counter
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

import pytest

from marketplace import stripe_gateway
from marketplace.models import Role
from marketplace.services.payments import stripe_event_handle
from orders.dates import day_end
from orders.models import (
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutProfile,
    PayoutRun,
    PayoutStatus,
    Rail,
    RunStatus,
)
from orders.money.services import payouts as payout_service
from orders.money.services.ledger import adjustment_record, balance_of
from orders.money.services.payouts import (
    PayoutError,
    offline_paid,
    payout_preview,
    run_execute,
    run_start,
)
from tests.factories import MembershipFactory
from tests.fake_stripe_connect import FakeConnect
from tests.orders.factories import ProductionOrderFactory, earn, mother_for
from tests.threads import Race, postgres_only, run_together

TODAY = timezone.localdate


class Crash(Exception):
    """The process dies here (a deploy, the OOM killer, a pulled plug)."""


@pytest.fixture
def fake_connect(settings):
    fake = FakeConnect().start()
    settings.STRIPE_API_BASE = fake.url
    yield fake
    fake.stop()


def on_stripe(mother, account: str) -> None:
    PayoutProfile.objects.update_or_create(
        membership=mother, defaults={"rail": Rail.STRIPE, "stripe_account_id": account}
    )


def workshop(mothers: int = 4, *, stripe: bool = True):
    """An order at ¥2.50 a piece and ``mothers`` mothers who earned 10, 20, 30… pieces."""
    order = ProductionOrderFactory(quantity=1000, piece_rate=Decimal("2.50"), max_per_mother=500)
    team = []
    for n in range(1, mothers + 1):
        mother = mother_for(order)
        earn(order, mother, accepted=10 * n)
        if stripe:
            on_stripe(mother, f"acct_mother_{n}")
        team.append(mother)
    return order, team


def expected_fen(team) -> dict[str, int]:
    return {f"acct_mother_{n}": 10 * n * 250 for n in range(1, len(team) + 1)}


@pytest.mark.django_db
class TestPreviewAndStart:
    def test_the_preview_shows_each_positive_balance_and_its_rail(self):
        order, team = workshop(3, stripe=False)
        on_stripe(team[0], "acct_x")
        dues = {due.mother: due for due in payout_preview(cooperative=order.cooperative).dues}
        assert {m: d.amount for m, d in dues.items()} == {
            team[0]: Decimal("25.00"),
            team[1]: Decimal("50.00"),
            team[2]: Decimal("75.00"),
        }
        assert dues[team[0]].rail == Rail.STRIPE and dues[team[1]].rail == Rail.OFFLINE

    def test_a_future_cutoff_is_refused(self):
        order, _team = workshop(1)
        with pytest.raises(PayoutError):
            run_start(
                cooperative=order.cooperative,
                cutoff=timezone.now() + datetime.timedelta(minutes=1),
                actor=None,
            )
        assert not PayoutRun.objects.exists()

    def test_earnings_after_the_cutoff_wait_for_the_next_run(self):
        order, team = workshop(1, stripe=False)
        yesterday = day_end(TODAY() - datetime.timedelta(days=1))
        assert payout_preview(cooperative=order.cooperative, cutoff=yesterday).dues == []

    def test_starting_writes_each_payout_with_its_negative_entry_at_once(self):
        order, team = workshop(3, stripe=False)
        run = run_start(cooperative=order.cooperative, actor=None)
        assert run.total == Decimal("150.00")
        for mother in team:
            payout = Payout.objects.get(run=run, mother=mother)
            entry = LedgerEntry.objects.get(payout=payout, kind=EntryKind.PAYOUT)
            assert entry.amount == -payout.amount
            assert balance_of(mother) == 0

    def test_a_second_run_pays_nothing_twice(self):
        order, team = workshop(2, stripe=False)
        run_start(cooperative=order.cooperative, actor=None)
        with pytest.raises(PayoutError):  # nothing owed: the first run took it all
            run_start(cooperative=order.cooperative, actor=None)
        earlier = day_end(TODAY() - datetime.timedelta(days=1))
        with pytest.raises(PayoutError):
            run_start(cooperative=order.cooperative, cutoff=earlier, actor=None)
        assert Payout.objects.count() == 2

    def test_a_stale_preview_is_refused(self):
        order, team = workshop(2, stripe=False)
        preview = payout_preview(cooperative=order.cooperative)
        adjustment_record(mother=team[0], amount=Decimal("-5.00"), reason="扣款", actor=None)
        with pytest.raises(PayoutError) as refused:
            run_start(
                cooperative=order.cooperative,
                cutoff=preview.cutoff,
                actor=None,
                expected=preview.fingerprint,
            )
        assert "¥70.00" in refused.value.message
        assert not PayoutRun.objects.exists()


@pytest.mark.django_db
class TestStripeRail:
    def test_each_mother_is_paid_once_with_a_key_derived_from_her_payout(self, fake_connect):
        order, team = workshop(4)
        run = run_execute(run_start(cooperative=order.cooperative, actor=None))

        assert run.status == RunStatus.DONE
        assert fake_connect.paid_to() == expected_fen(team)
        keys = [r.key for r in fake_connect.requests]
        assert sorted(keys) == sorted(p.idempotency_key for p in run.payouts.all())
        assert {r.params["transfer_group"] for r in fake_connect.requests} == {
            f"payout-run-{run.pk}"
        }
        assert set(run.payouts.values_list("status", flat=True)) == {PayoutStatus.PAID}

    @pytest.mark.parametrize("k", [0, 1, 3])
    def test_killed_after_k_transfers_and_resumed_pays_everyone_once(
        self, fake_connect, monkeypatch, k
    ):
        order, team = workshop(4)
        real = stripe_gateway.transfer_create
        calls = Counter()

        def dies_after_k(**kwargs):
            if calls["n"] == k:
                raise Crash
            calls["n"] += 1
            return real(**kwargs)

        monkeypatch.setattr(stripe_gateway, "transfer_create", dies_after_k)
        run = run_start(cooperative=order.cooperative, actor=None)
        with pytest.raises(Crash):
            run_execute(run)
        assert len(fake_connect.transfers) == k

        monkeypatch.setattr(stripe_gateway, "transfer_create", real)
        run = run_execute(run)  # the operator presses "resume"
        run_execute(run)  # and, impatient, once more

        assert fake_connect.paid_to() == expected_fen(team)
        assert run.status == RunStatus.DONE
        assert all(balance_of(m) == 0 for m in team)

    def test_killed_between_stripes_answer_and_the_commit(self, fake_connect, monkeypatch):
        order, team = workshop(3)
        real = payout_service.transfer_recorded
        monkeypatch.setattr(
            payout_service, "transfer_recorded", lambda **kwargs: (_ for _ in ()).throw(Crash)
        )
        run = run_start(cooperative=order.cooperative, actor=None)
        with pytest.raises(Crash):
            run_execute(run)
        assert len(fake_connect.transfers) == 1  # Stripe paid; we never wrote it down
        assert Payout.objects.filter(status=PayoutStatus.PAID).count() == 0

        monkeypatch.setattr(payout_service, "transfer_recorded", real)
        run = run_execute(run)

        assert fake_connect.paid_to() == expected_fen(team)  # the repeated key paid nothing
        repeated = Counter(r.key for r in fake_connect.requests)
        assert sorted(repeated.values()) == [1, 1, 2]
        assert run.status == RunStatus.DONE

    def test_a_refused_transfer_is_reversed_and_owed_again(self, fake_connect):
        order, team = workshop(2)
        fake_connect.refuse.add("acct_mother_2")
        run = run_execute(run_start(cooperative=order.cooperative, actor=None))

        failed = Payout.objects.get(run=run, mother=team[1])
        assert failed.status == PayoutStatus.FAILED
        assert "No such destination" in failed.failure
        assert LedgerEntry.objects.get(payout=failed, kind=EntryKind.REVERSAL).amount == Decimal(
            "50.00"
        )
        assert balance_of(team[1]) == Decimal("50.00")
        assert balance_of(team[0]) == 0
        assert run.status == RunStatus.DONE
        # The next run pays what is owed again — now that her account works.
        fake_connect.refuse.clear()
        later = run_execute(_second_run(order))
        assert Payout.objects.get(run=later).amount == Decimal("50.00")
        assert balance_of(team[1]) == 0

    def test_stripe_unreachable_leaves_payouts_pending_until_resumed(self, settings, fake_connect):
        order, team = workshop(2)
        settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
        run = run_execute(run_start(cooperative=order.cooperative, actor=None))
        assert run.status == RunStatus.RUNNING
        assert set(run.payouts.values_list("status", flat=True)) == {PayoutStatus.PENDING}
        assert not LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).exists()

        settings.STRIPE_API_BASE = fake_connect.url
        run = run_execute(run)
        assert run.status == RunStatus.DONE
        assert fake_connect.paid_to() == expected_fen(team)

    def test_a_reversed_transfer_event_is_applied_once(self, fake_connect):
        order, team = workshop(1)
        run = run_execute(run_start(cooperative=order.cooperative, actor=None))
        payout = run.payouts.get()
        event = {
            "id": "evt_reversed_1",
            "type": "transfer.reversed",
            "data": {"object": {"id": payout.transfer_id, "object": "transfer"}},
        }
        assert stripe_event_handle(event) is True
        assert stripe_event_handle(event) is False  # a replay
        assert Payout.objects.get(pk=payout.pk).status == PayoutStatus.FAILED
        assert LedgerEntry.objects.filter(payout=payout, kind=EntryKind.REVERSAL).count() == 1
        assert balance_of(team[0]) == Decimal("25.00")


def _second_run(order):
    return run_start(cooperative=order.cooperative, actor=None)


@pytest.mark.django_db
def test_offline_payouts_wait_for_their_references():
    order, team = workshop(2, stripe=False)
    run = run_execute(run_start(cooperative=order.cooperative, actor=None))
    assert run.status == RunStatus.AWAITING
    first, second = run.payouts.order_by("pk")
    with pytest.raises(PayoutError):
        offline_paid(payout=first, reference="  ", actor=None)
    offline_paid(payout=first, reference="BANK-20261129-001", actor=None)
    with pytest.raises(PayoutError):
        offline_paid(payout=first, reference="again", actor=None)
    assert Payout.objects.get(pk=first.pk).reference == "BANK-20261129-001"
    offline_paid(payout=second, reference="微信 4200001234", actor=None)
    assert PayoutRun.objects.get(pk=run.pk).status == RunStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_pressing_run_at_once_make_one_run():
    order, team = workshop(3, stripe=False)
    coordinators = [
        MembershipFactory(cooperative=order.cooperative, role=Role.COORDINATOR).user
        for _ in range(4)
    ]

    results = run_together(
        [lambda c=c: run_start(cooperative=order.cooperative, actor=c) for c in coordinators]
    )

    kinds = Counter(type(r).__name__ for r in results)
    assert kinds == {"PayoutRun": 1, "PayoutError": 3}, results
    assert PayoutRun.objects.count() == 1
    assert Payout.objects.count() == 3
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 3
    assert all(balance_of(m) == 0 for m in team)


@pytest.mark.django_db(transaction=True)
def test_one_preview_confirmed_twice_at_once_makes_one_run():
    order, team = workshop(3, stripe=False)
    shown = payout_preview(cooperative=order.cooperative)
    confirm = lambda: run_start(  # noqa: E731
        cooperative=order.cooperative,
        cutoff=shown.cutoff,
        actor=None,
        expected=shown.fingerprint,
    )

    results = run_together([confirm, confirm])

    assert Counter(type(r).__name__ for r in results) == {"PayoutRun": 1, "PayoutError": 1}
    run = PayoutRun.objects.get()
    assert {p.mother: p.amount for p in run.payouts.all()} == {
        due.mother: due.amount for due in shown.dues
    }


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_runs_at_once_while_money_comes_in_pay_every_yuan_once():
    # given four mothers owed 25, 50, 75 and 100 yuan
    order, team = workshop(4, stripe=False)
    bonus = Decimal("3.00")
    race = Race()
    # when three runs start at once, while each mother is given bonuses
    race.add(
        [lambda: run_start(cooperative=order.cooperative, actor=None)] * 3, PayoutRun, PayoutError
    )
    race.add(
        [
            lambda m=m: adjustment_record(mother=m, amount=bonus, reason="奖励", actor=None)
            for m in team * 2
        ],
        LedgerEntry,
    )
    kinds = race.run()
    # and a last run pays whatever came in after them
    with contextlib.suppress(PayoutError):  # nothing came in after them
        run_start(cooperative=order.cooperative, actor=None)

    # then each mother was paid exactly what she earned and was given: nothing twice
    assert kinds["PayoutRun"] >= 1
    for n, mother in enumerate(team, start=1):
        paid = Payout.objects.filter(mother=mother).aggregate(total=Sum("amount"))["total"]
        assert paid == Decimal("25.00") * n + 2 * bonus
        assert balance_of(mother) == 0
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYOUT).count() == Payout.objects.count()


@pytest.mark.django_db(transaction=True)
def test_two_resumes_at_once_pay_each_mother_once(settings):
    fake = FakeConnect().start()
    settings.STRIPE_API_BASE = fake.url
    try:
        order, team = workshop(4)
        run = run_start(cooperative=order.cooperative, actor=None)
        run_together([lambda: run_execute(run) for _ in range(3)])
        assert fake.paid_to() == expected_fen(team)
        assert set(Payout.objects.values_list("status", flat=True)) == {PayoutStatus.PAID}
    finally:
        fake.stop()
