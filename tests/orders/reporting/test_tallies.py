"""The tallies (orders/models/tallies.py) every write keeps equal the tallies recounted from the
records (orders/reporting/tallies/ ``tallies_rebuild``), whatever the history:

- over random histories made through the services, on a clock that jumps to China and UTC
  midnights and month ends, forwards and back, with records moved in time afterwards;
- for each write path on its own (each test fails if that path forgets its tallies);
- under concurrent coordinators on PostgreSQL (no lost increment, no deadlock).
"""

import contextlib
import datetime
import io
import zoneinfo
from decimal import Decimal

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_migrate
from django.utils import timezone

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from orders.exceptions import CorrectionNotPossible
from orders.models import (
    Grain,
    Handover,
    Inspection,
    LedgerEntry,
    MotherTally,
    Payout,
    PayoutRun,
    PayoutStatus,
    ProductionOrder,
    RejectionReason,
    RejectionTally,
    WorkTally,
)
from orders.money.services.ledger import AdjustmentRefused, adjustment_record
from orders.money.services.payouts import PayoutError, payout_fail, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.reporting.tallies import tallies_fill_if_empty, tallies_rebuild
from tests.orders.backdating import backdated, handovers_moved
from tests.orders.factories import PayoutProfileFactory, ProductionOrderFactory, mother_for
from tests.threads import Race, postgres_only

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def china(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


# The moments where a day or a month changes in China and not in UTC, or the other way round.
EDGES = [
    moment
    for day in (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 31))
    for moment in (
        china(day.year, day.month, day.day, 23, 59),
        china(*(day + datetime.timedelta(days=1)).timetuple()[:3], 0, 0),
        china(*(day + datetime.timedelta(days=1)).timetuple()[:3], 0, 1),
        utc(day.year, day.month, day.day, 15, 59),
        utc(day.year, day.month, day.day, 16, 0),
        utc(day.year, day.month, day.day, 16, 1),
    )
] + [china(2026, 1, 2, 12, 0), china(2026, 3, 15, 9, 30)]
START = china(2026, 1, 1, 8, 0)
# Twenty histories of up to 25 steps, the same ones on every run: ~15 s a database.
HISTORIES = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def differences() -> dict:
    """Each table's rows that differ from the recount (only the non-empty ones)."""
    return {table: d.counts() for table, d in tallies_rebuild(apply=False).items() if d}


def sibling_order(order: ProductionOrder, **fields) -> ProductionOrder:
    """Another order of the same cooperative, product and skill."""
    return ProductionOrderFactory(
        cooperative=order.cooperative,
        product=order.product,
        quantity=10_000,
        max_per_mother=10_000,
        **fields,
    )


class Clock:
    """``timezone.now`` for the services (and ``auto_now_add``) while a test sets it."""

    def __init__(self, monkeypatch, moment: datetime.datetime):
        self.moment = moment
        monkeypatch.setattr(timezone, "now", lambda: self.moment)


# Over random histories -----------------------------------------------------------------


@pytest.mark.django_db
def test_kept_tallies_equal_the_recount_over_random_histories(monkeypatch):
    clock = Clock(monkeypatch, START)

    class History(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            # Each history starts from the same empty world (hypothesis replays and shrinks
            # histories: one left behind would change the next).
            self.history = transaction.atomic()
            self.history.__enter__()
            clock.moment = START
            first = ProductionOrderFactory(
                quantity=10_000, max_per_mother=10_000, due_date=datetime.date(2026, 1, 31)
            )
            self.orders = [first, sibling_order(first, due_date=datetime.date(2026, 2, 28))]
            self.cooperative = first.cooperative
            self.reasons = list(RejectionReason.objects.filter(cooperative=self.cooperative)[:2])
            self.mothers = [mother_for(first) for _ in range(3)]
            self.claims = {}
            for mother in self.mothers:
                PayoutProfileFactory(membership=mother)
                for order in self.orders:
                    self.claims[mother, order] = claim_set(order=order, mother=mother, quantity=500)

        @rule(moment=st.sampled_from(EDGES))
        def tick(self, moment):
            clock.moment = moment

        @rule(who=st.integers(0, 2), which=st.integers(0, 1), pieces=st.integers(1, 6))
        def hand_over(self, who, which, pieces):
            claim = self.claims[self.mothers[who], self.orders[which]]
            handover_record(claim=claim, count=pieces, actor=None)

        def _rejections(self, data, rejected: int) -> dict[int, int]:
            first = data.draw(st.integers(0, rejected))
            return {self.reasons[0].pk: first, self.reasons[1].pk: rejected - first}

        @rule(data=st.data())
        def inspect(self, data):
            waiting = list(
                Handover.objects.filter(
                    claim__order__in=self.orders, inspections__isnull=True
                ).order_by("pk")
            )
            if not waiting:
                return
            handover = data.draw(st.sampled_from(waiting))
            accepted = data.draw(st.integers(0, handover.count))
            inspection_record(
                handover=handover,
                accepted=accepted,
                rejections=self._rejections(data, handover.count - accepted),
                actor=None,
            )

        @rule(data=st.data())
        def correct(self, data):
            current = list(
                Inspection.objects.filter(
                    handover__claim__order__in=self.orders, correction__isnull=True
                ).order_by("pk")
            )
            if not current:
                return
            inspection = data.draw(st.sampled_from(current))
            accepted = data.draw(st.integers(0, inspection.count))
            with contextlib.suppress(CorrectionNotPossible):
                inspection_correct(
                    inspection=inspection,
                    accepted=accepted,
                    rejections=self._rejections(data, inspection.count - accepted),
                    actor=None,
                    note="复检",
                )

        @rule(who=st.integers(0, 2), cents=st.integers(-3_000, 3_000))
        def adjust(self, who, cents):
            with contextlib.suppress(AdjustmentRefused):
                adjustment_record(
                    mother=self.mothers[who], amount=Decimal(cents) / 100, reason="奖扣", actor=None
                )

        @rule()
        def pay(self):
            with contextlib.suppress(PayoutError):
                run_start(cooperative=self.cooperative, actor=None)

        @rule(data=st.data())
        def payout_fails(self, data):
            pending = list(
                Payout.objects.filter(
                    run__cooperative=self.cooperative, status=PayoutStatus.PENDING
                ).order_by("pk")
            )
            if pending:
                payout_fail(payout=data.draw(st.sampled_from(pending)), why="退回")

        @rule(data=st.data(), moment=st.sampled_from(EDGES))
        def move_a_handover(self, data, moment):
            handovers = list(
                Handover.objects.filter(claim__order__in=self.orders).values_list("pk", flat=True)
            )
            if handovers:
                pk = data.draw(st.sampled_from(sorted(handovers)))
                handovers_moved(Handover.objects.filter(pk=pk), received_at=moment)

        @rule(data=st.data(), moment=st.sampled_from(EDGES))
        def move_a_result_and_its_entry(self, data, moment):
            results = list(
                Inspection.objects.filter(handover__claim__order__in=self.orders).values_list(
                    "pk", flat=True
                )
            )
            if results:
                pk = data.draw(st.sampled_from(sorted(results)))
                backdated(Inspection.objects.filter(pk=pk), inspected_at=moment)
                backdated(LedgerEntry._base_manager.filter(inspection_id=pk), created_at=moment)

        @invariant()
        def kept_equals_recounted(self):
            report = io.StringIO()
            try:
                call_command("rebuild_rollups", "--check", stdout=report, stderr=report)
            except SystemExit as exit:
                raise AssertionError(report.getvalue()) from exit

        def teardown(self):
            transaction.set_rollback(True)
            self.history.__exit__(None, None, None)

    run_state_machine_as_test(History, settings=HISTORIES)


# Each write path -----------------------------------------------------------------------


@pytest.fixture
def world(db, monkeypatch):
    """An order due 31 January; the clock at 31 January 23:59 in China (15:59 UTC)."""
    clock = Clock(monkeypatch, china(2026, 1, 31, 23, 59))
    order = ProductionOrderFactory(due_date=datetime.date(2026, 1, 31))
    mother = mother_for(order)
    PayoutProfileFactory(membership=mother)
    claim = claim_set(order=order, mother=mother, quantity=40)
    reason = RejectionReason.objects.filter(cooperative=order.cooperative).first()
    return clock, order, mother, claim, reason


def test_a_handover_is_counted_on_its_china_day(world):
    clock, order, mother, claim, _reason = world

    handover_record(claim=claim, count=5, actor=None)
    clock.moment = china(2026, 2, 1, 0, 0)  # 16:00 UTC on 31 January
    handover_record(claim=claim, count=3, actor=None)
    handover_record(claim=claim, count=2, actor=None)

    assert differences() == {}
    days = WorkTally.objects.filter(grain=Grain.DAY).order_by("day")
    assert [(t.day.isoformat(), t.handed, t.on_time) for t in days] == [
        ("2026-01-31", 5, 5),
        ("2026-02-01", 5, 0),
    ]
    february = MotherTally.objects.get(grain=Grain.MONTH, day=datetime.date(2026, 2, 1))
    assert (february.handed, february.handover_days) == (5, 1)


def test_an_inspection_counts_its_result_and_its_earning(world):
    _clock, order, mother, claim, reason = world
    handover = handover_record(claim=claim, count=5, actor=None)

    inspection_record(handover=handover, accepted=3, rejections={reason.pk: 2}, actor=None)

    assert differences() == {}
    work = WorkTally.objects.get(grain=Grain.MONTH)
    assert (work.inspected, work.accepted, work.rejected) == (5, 3, 2)
    assert RejectionTally.objects.get(grain=Grain.DAY, reason=reason).pieces == 2
    assert MotherTally.objects.get(grain=Grain.DAY).earning == Decimal("10.50")


def test_a_correction_moves_pieces_on_the_received_day_and_late_acceptance(world):
    clock, order, mother, claim, reason = world
    handover = handover_record(claim=claim, count=5, actor=None)
    first = inspection_record(handover=handover, accepted=3, rejections={reason.pk: 2}, actor=None)
    clock.moment = china(2026, 2, 1, 0, 1)  # after the due date, in China

    correction = inspection_correct(
        inspection=first, accepted=5, rejections={}, actor=None, note="复检"
    )

    assert differences() == {}
    assert Handover.objects.get(pk=handover.pk).result_id == correction.pk
    assert ProductionOrder.objects.get(pk=order.pk).accepted_late == 5
    work = WorkTally.objects.get(grain=Grain.DAY)
    assert (work.day, work.accepted, work.rejected) == (datetime.date(2026, 1, 31), 5, 0)
    assert RejectionTally.objects.get(grain=Grain.DAY).pieces == 0


def test_an_adjustment_is_counted(world):
    _clock, _order, mother, _claim, _reason = world

    adjustment_record(mother=mother, amount=Decimal("20.00"), reason="奖励", actor=None)

    assert differences() == {}
    assert MotherTally.objects.get(grain=Grain.MONTH).credits == 1


def test_a_payout_run_and_a_failed_payout_are_counted(world):
    _clock, order, mother, claim, _reason = world
    handover = handover_record(claim=claim, count=4, actor=None)
    inspection_record(handover=handover, accepted=4, rejections={}, actor=None)

    run = run_start(cooperative=order.cooperative, actor=None)
    assert differences() == {}
    payout_fail(payout=run.payouts.get(), why="退回")

    assert differences() == {}
    day = MotherTally.objects.get(grain=Grain.DAY)
    assert (day.payout, day.reversal) == (Decimal("-14.00"), Decimal("14.00"))


def test_a_payout_run_writes_its_tallies_in_a_few_queries(world, django_assert_max_num_queries):
    clock, order, _mother, _claim, _reason = world
    for _ in range(30):
        mother = mother_for(order)
        PayoutProfileFactory(membership=mother)
        adjustment_record(mother=mother, amount=Decimal("5.00"), reason="奖励", actor=None)
    with django_assert_max_num_queries(40):
        run_start(cooperative=order.cooperative, actor=None)
    assert differences() == {}


def test_rebuild_replaces_what_differs_and_says_so(world, capsys):
    _clock, order, mother, claim, reason = world
    handover = handover_record(claim=claim, count=5, actor=None)
    inspection_record(handover=handover, accepted=3, rejections={reason.pk: 2}, actor=None)
    WorkTally.objects.filter(grain=Grain.DAY).update(accepted=99)
    MotherTally.objects.filter(grain=Grain.MONTH).delete()
    Handover.objects.update(result=None)

    with pytest.raises(SystemExit):
        call_command("rebuild_rollups", "--check")
    call_command("rebuild_rollups")

    out = capsys.readouterr().out
    assert "work tallies: 0 added, 1 changed, 0 removed" in out
    assert "mother tallies: 1 added, 0 changed, 0 removed" in out
    assert "handover results: 0 added, 1 changed, 0 removed" in out
    assert differences() == {}
    call_command("rebuild_rollups", "--check")


# Concurrent coordinators ---------------------------------------------------------------


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_for_the_same_mothers_and_days_lose_no_increment():
    """Four orders (four order locks, so nothing else queues them), the same three mothers
    handing over on each, inspections of earlier handovers, adjustments and a payout run,
    all at once: every increment of the same mother's day and month rows must land."""
    orders = [ProductionOrderFactory(quantity=10_000, max_per_mother=10_000)]
    orders += [sibling_order(orders[0]) for _ in range(3)]
    cooperative = orders[0].cooperative
    mothers = [mother_for(orders[0]) for _ in range(3)]
    for mother in mothers:
        PayoutProfileFactory(membership=mother)
    claims = [claim_set(order=o, mother=m, quantity=1000) for o in orders for m in mothers]
    earlier = [handover_record(claim=c, count=2, actor=None) for c in claims]
    race = Race()
    race.add(
        [lambda c=c: handover_record(claim=c, count=3, actor=None) for c in claims * 2],
        Handover,
    )
    race.add(
        [
            lambda h=h: inspection_record(handover=h, accepted=2, rejections={}, actor=None)
            for h in earlier
        ],
        Inspection,
    )
    race.add(
        [
            lambda m=m: adjustment_record(mother=m, amount=Decimal("1.00"), reason="奖", actor=None)
            for m in mothers * 2
        ],
        LedgerEntry,
    )
    race.add([lambda: run_start(cooperative=cooperative, actor=None)] * 2, PayoutRun, PayoutError)

    race.run()

    assert differences() == {}
    for mother in mothers:
        today = MotherTally.objects.get(mother=mother, grain=Grain.DAY)
        assert today.handed == 4 * (2 + 3 + 3)
        assert today.accepted == 4 * 2
        assert today.handover_days == 1


def test_a_database_migrated_with_records_but_no_tallies_gets_them_counted(world):
    """What `migrate` across orders 0013 does for a database that already has work: the
    post_migrate receiver counts it in (the migration itself imports no app code)."""
    _clock, order, mother, claim, reason = world
    handover = handover_record(claim=claim, count=5, actor=None)
    inspection_record(handover=handover, accepted=3, rejections={reason.pk: 2}, actor=None)
    kept = differences()
    for model in (WorkTally, MotherTally, RejectionTally):
        model.objects.all().delete()
    assert differences() != {}

    orders = apps.get_app_config("orders")
    post_migrate.send(sender=orders, app_config=orders, using="default", verbosity=0)

    assert kept == differences() == {}
    assert not tallies_fill_if_empty()  # counted once: tallies there, nothing more to do
