"""Handovers, inspections, corrections and where accepted pieces go: the money rules, run
against the database (and under concurrent submits on SQLite and PostgreSQL)."""

import datetime
from collections import Counter
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest

from marketplace.models import Fulfilment, LineStatus, PurchaseLine
from orders.exceptions import (
    AlreadyCorrected,
    AlreadyInspected,
    ClaimBelowHandedOver,
    CorrectionNotPossible,
    HandoverNotPossible,
    HandoverTooMany,
    InspectionDoesNotAddUp,
    ProductionError,
    UnknownReason,
)
from orders.models import (
    AppendOnly,
    Claim,
    ClaimStatus,
    EntryKind,
    Handover,
    Inspection,
    LedgerEntry,
    OrderStatus,
    ProductionOrder,
    RejectionReason,
)
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.production.services.orders import (
    claims_return_past_due,
    open_demand,
    order_cancel,
    order_create,
)
from tests.factories import CooperativeFactory, ProductFactory, UserFactory, paid_purchase
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import fresh
from tests.threads import run_together


def reason(order, code="loose-knot") -> RejectionReason:
    return RejectionReason.objects.get(cooperative=order.cooperative, code=code)


def earned(mother) -> Decimal:
    return sum((e.amount for e in LedgerEntry.objects.filter(mother=mother)), Decimal("0.00"))


def test_every_cooperative_starts_with_its_own_reasons(order):
    codes = set(
        RejectionReason.objects.filter(cooperative=order.cooperative).values_list("code", flat=True)
    )
    assert {"loose-knot", "wrong-colour", "size-off", "dirty"} <= codes
    other = CooperativeFactory()
    assert RejectionReason.objects.filter(cooperative=other).count() == len(codes)


class TestTheJourney:
    def test_forty_handed_over_thirty_eight_accepted_earn_133(
        self, order, mother, claim, coordinator
    ):
        handover = handover_record(claim=claim, count=40, actor=coordinator.user)
        assert fresh(claim).pending == 40

        inspection = inspection_record(
            handover=handover,
            accepted=38,
            rejections={reason(order).pk: 2},
            actor=coordinator.user,
        )

        claim = fresh(claim)
        assert (claim.accepted, claim.pending, claim.rejected, claim.to_make) == (38, 0, 2, 2)
        assert claim.status == ClaimStatus.ACTIVE
        entry = LedgerEntry.objects.get(inspection=inspection)
        assert (entry.kind, entry.amount, entry.mother) == (
            EntryKind.EARNING,
            Decimal("133.00"),
            mother,
        )
        assert [(r.reason.code, r.count) for r in inspection.rejections.all()] == [
            ("loose-knot", 2)
        ]
        assert fresh(order).accepted == 38

    def test_rework_is_a_later_handover_and_completes_the_claim(self, order, claim, coordinator):
        first = handover_record(claim=claim, count=40, actor=coordinator.user)
        inspection_record(
            handover=first, accepted=38, rejections={reason(order).pk: 2}, actor=coordinator.user
        )
        rework = handover_record(claim=claim, count=2, actor=coordinator.user)
        inspection_record(handover=rework, accepted=2, rejections={}, actor=coordinator.user)

        claim = fresh(claim)
        assert (claim.accepted, claim.status) == (40, ClaimStatus.DONE)
        assert earned(claim.mother) == Decimal("140.00")

    def test_partial_handovers_add_up_to_the_claim_and_no_further(self, order, claim, coordinator):
        handover_record(claim=claim, count=15, actor=coordinator.user)
        handover_record(claim=claim, count=20, actor=coordinator.user)
        with pytest.raises(HandoverTooMany) as refused:
            handover_record(claim=claim, count=6, actor=coordinator.user)
        assert refused.value.left == 5
        assert "5" in refused.value.message
        assert Handover.objects.filter(claim=claim).count() == 2
        assert fresh(claim).pending == 35

    def test_the_last_accepted_piece_completes_the_order(self, coordinator):
        order = ProductionOrderFactory(quantity=10, max_per_mother=10)
        mother = mother_for(order)
        claim = claim_set(order=order, mother=mother, quantity=10)
        handover = handover_record(claim=claim, count=10, actor=coordinator.user)
        assert fresh(order).status == OrderStatus.IN_PRODUCTION  # full, and pieces coming in
        inspection_record(handover=handover, accepted=10, rejections={}, actor=coordinator.user)
        assert fresh(order).status == OrderStatus.COMPLETED


class TestBadInspections:
    @pytest.mark.parametrize(
        ("accepted", "rejected"), [(40, 1), (38, 1), (-1, 41), (0, 0), (41, 0), (10**9, 0)]
    )
    def test_numbers_that_do_not_add_up_change_nothing(
        self, order, claim, coordinator, accepted, rejected
    ):
        handover = handover_record(claim=claim, count=40, actor=coordinator.user)
        with pytest.raises(InspectionDoesNotAddUp) as refused:
            inspection_record(
                handover=handover,
                accepted=accepted,
                rejections={reason(order).pk: rejected},
                actor=coordinator.user,
            )
        assert "40" in refused.value.message
        assert not Inspection.objects.exists()
        assert not LedgerEntry.objects.exists()
        assert fresh(claim).pending == 40

    def test_another_cooperatives_reason_is_refused(self, order, claim, coordinator):
        handover = handover_record(claim=claim, count=4, actor=coordinator.user)
        foreign = RejectionReason.objects.exclude(cooperative=order.cooperative).first() or (
            reason(ProductionOrderFactory())
        )
        with pytest.raises(UnknownReason):
            inspection_record(
                handover=handover, accepted=2, rejections={foreign.pk: 2}, actor=coordinator.user
            )
        assert not Inspection.objects.exists()

    def test_a_second_inspection_is_refused_and_earns_nothing(self, order, claim, coordinator):
        handover = handover_record(claim=claim, count=10, actor=coordinator.user)
        inspection_record(handover=handover, accepted=10, rejections={}, actor=coordinator.user)
        with pytest.raises(AlreadyInspected):
            inspection_record(handover=handover, accepted=10, rejections={}, actor=coordinator.user)
        assert LedgerEntry.objects.count() == 1
        assert fresh(claim).accepted == 10

    def test_no_handover_beyond_a_cancelled_order(self, order, claim, coordinator):
        order_cancel(order=order)
        with pytest.raises(HandoverNotPossible):
            handover_record(claim=claim, count=1, actor=coordinator.user)

    def test_her_claim_cannot_drop_below_what_she_handed_over(
        self, order, mother, claim, coordinator
    ):
        handover_record(claim=claim, count=25, actor=coordinator.user)
        with pytest.raises(ClaimBelowHandedOver):
            claim_set(order=order, mother=mother, quantity=20)
        with pytest.raises(ClaimBelowHandedOver):
            claim_set(order=order, mother=mother, quantity=0)
        assert fresh(claim).quantity == 40
        assert claim_set(order=order, mother=mother, quantity=25).quantity == 25


class TestCorrections:
    def test_a_correction_is_recorded_and_earns_only_the_difference(
        self, order, mother, claim, coordinator
    ):
        handover = handover_record(claim=claim, count=40, actor=coordinator.user)
        first = inspection_record(
            handover=handover, accepted=38, rejections={reason(order).pk: 2}, actor=coordinator.user
        )
        correction = inspection_correct(
            inspection=first,
            accepted=39,
            rejections={reason(order).pk: 1},
            actor=coordinator.user,
            note="一个结其实是紧的",
        )

        assert fresh(first).accepted == 38  # never edited
        assert correction.corrects == first
        assert LedgerEntry.objects.get(inspection=correction).amount == Decimal("3.50")
        assert earned(mother) == Decimal("136.50")
        assert fresh(claim).accepted == 39
        assert fresh(order).accepted == 39

    def test_a_downward_correction_takes_back_the_difference(
        self, order, mother, claim, coordinator
    ):
        handover = handover_record(claim=claim, count=40, actor=coordinator.user)
        first = inspection_record(
            handover=handover, accepted=40, rejections={}, actor=coordinator.user
        )
        assert fresh(claim).status == ClaimStatus.DONE
        inspection_correct(
            inspection=first,
            accepted=37,
            rejections={reason(order, "dirty").pk: 3},
            actor=coordinator.user,
            note="3 个有污渍",
        )
        assert earned(mother) == Decimal("129.50")
        assert fresh(claim).status == ClaimStatus.ACTIVE
        assert fresh(claim).to_make == 3

    def test_each_result_is_corrected_once_and_a_correction_needs_a_reason(
        self, order, claim, coordinator
    ):
        handover = handover_record(claim=claim, count=10, actor=coordinator.user)
        first = inspection_record(
            handover=handover, accepted=10, rejections={}, actor=coordinator.user
        )
        with pytest.raises(CorrectionNotPossible):
            inspection_correct(
                inspection=first,
                accepted=9,
                rejections={reason(order).pk: 1},
                actor=coordinator.user,
                note=" ",
            )
        with pytest.raises(CorrectionNotPossible):
            inspection_correct(
                inspection=first, accepted=10, rejections={}, actor=coordinator.user, note="same"
            )
        inspection_correct(
            inspection=first,
            accepted=9,
            rejections={reason(order).pk: 1},
            actor=coordinator.user,
            note="x",
        )
        with pytest.raises(AlreadyCorrected):
            inspection_correct(
                inspection=first,
                accepted=8,
                rejections={reason(order).pk: 2},
                actor=coordinator.user,
                note="y",
            )
        assert Inspection.objects.count() == 2
        assert LedgerEntry.objects.count() == 2

    def test_a_correction_reopens_a_completed_order(self, coordinator):
        order = ProductionOrderFactory(quantity=5, max_per_mother=5)
        claim = claim_set(order=order, mother=mother_for(order), quantity=5)
        handover = handover_record(claim=claim, count=5, actor=coordinator.user)
        first = inspection_record(
            handover=handover, accepted=5, rejections={}, actor=coordinator.user
        )
        assert fresh(order).status == OrderStatus.COMPLETED
        inspection_correct(
            inspection=first,
            accepted=4,
            rejections={reason(order).pk: 1},
            actor=coordinator.user,
            note="x",
        )
        assert fresh(order).status == OrderStatus.IN_PRODUCTION


def test_the_ledger_is_append_only(order, claim, coordinator):
    handover = handover_record(claim=claim, count=4, actor=coordinator.user)
    inspection = inspection_record(
        handover=handover, accepted=4, rejections={}, actor=coordinator.user
    )
    entry = LedgerEntry.objects.get(inspection=inspection)
    entry.amount = Decimal("1000.00")
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=0)
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.all().delete()
    assert fresh(entry).amount == Decimal("14.00")


class TestWhereThePiecesGo:
    def made_to_order(self):
        product = ProductFactory(
            fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, price=Decimal("30.00")
        )
        first = paid_purchase((product, 6))
        second = paid_purchase((product, 4))
        return product, [first.lines.get(), second.lines.get()]

    def test_accepted_pieces_fill_the_lines_oldest_first_then_the_stock(self, coordinator):
        product, lines = self.made_to_order()
        order = order_create(
            cooperative=product.cooperative,
            product=product,
            actor=coordinator.user,
            serves=lines,
            quantity=12,
            piece_rate=Decimal("5.00"),
            due_date=timezone.localdate() + datetime.timedelta(days=10),
            min_claim=1,
            max_per_mother=12,
            status=OrderStatus.OPEN,
        )
        a, b = mother_for(order), mother_for(order)
        claim_a = claim_set(order=order, mother=a, quantity=7)
        claim_set(order=order, mother=b, quantity=5)
        assert [fresh(line).makers for line in lines] == [2, 2]

        handover = handover_record(claim=claim_a, count=7, actor=coordinator.user)
        inspection_record(handover=handover, accepted=7, rejections={}, actor=coordinator.user)

        assert [(fresh(line).made, fresh(line).quantity) for line in lines] == [(6, 6), (1, 4)]
        assert fresh(lines[0]).events.filter(status="made").count() == 1
        assert fresh(product).stock == 0

        claim_b = Claim.objects.get(order=order, mother=b)
        handover = handover_record(claim=claim_b, count=5, actor=coordinator.user)
        inspection_record(handover=handover, accepted=5, rejections={}, actor=coordinator.user)
        assert [fresh(line).made for line in lines] == [6, 4]
        assert fresh(product).stock == 2  # 12 made, 10 bought: two for the shop

    def test_an_order_for_stock_adds_to_it(self, coordinator):
        order = ProductionOrderFactory(quantity=20, max_per_mother=20)
        before = order.product.stock
        claim = claim_set(order=order, mother=mother_for(order), quantity=20)
        handover = handover_record(claim=claim, count=9, actor=coordinator.user)
        inspection_record(
            handover=handover, accepted=8, rejections={reason(order).pk: 1}, actor=coordinator.user
        )
        assert fresh(order.product).stock == before + 8

    def test_lines_already_served_or_of_another_cooperative_are_refused(self, coordinator):
        product, lines = self.made_to_order()
        fields = {
            "piece_rate": Decimal("5.00"),
            "due_date": timezone.localdate() + datetime.timedelta(days=10),
            "quantity": 10,
        }
        cooperative = product.cooperative
        order_create(
            cooperative=cooperative, product=product, actor=coordinator.user, serves=lines, **fields
        )
        with pytest.raises(ProductionError):
            order_create(
                cooperative=cooperative,
                product=product,
                actor=coordinator.user,
                serves=lines[:1],
                **fields,
            )
        with pytest.raises(ProductionError):
            order_create(
                cooperative=CooperativeFactory(), product=product, actor=coordinator.user, **fields
            )
        assert ProductionOrder.objects.count() == 1

    def test_an_order_must_make_at_least_what_its_purchases_need(self, coordinator):
        product, lines = self.made_to_order()
        with pytest.raises(ProductionError) as refused:
            order_create(
                cooperative=product.cooperative,
                product=product,
                actor=coordinator.user,
                serves=lines,
                quantity=9,
                piece_rate=Decimal("5.00"),
                due_date=timezone.localdate() + datetime.timedelta(days=10),
            )
        assert "10" in refused.value.message
        assert not ProductionOrder.objects.exists()

    def test_a_cancelled_line_is_not_served(self, coordinator):
        product, lines = self.made_to_order()
        PurchaseLine.objects.filter(pk=lines[0].pk).update(status=LineStatus.CANCELLED)
        assert list(open_demand(cooperatives=[product.cooperative_id])) == [lines[1]]
        with pytest.raises(ProductionError):
            order_create(
                cooperative=product.cooperative,
                product=product,
                actor=coordinator.user,
                serves=lines,
                quantity=10,
                piece_rate=Decimal("5.00"),
                due_date=timezone.localdate() + datetime.timedelta(days=10),
            )


def test_past_due_claims_keep_what_was_handed_over(order, mother, claim, coordinator, mailoutbox):
    handover = handover_record(claim=claim, count=30, actor=coordinator.user)
    inspection_record(
        handover=handover, accepted=28, rejections={reason(order).pk: 2}, actor=coordinator.user
    )
    handover_record(claim=claim, count=2, actor=coordinator.user)  # the rework, not yet inspected

    returned = claims_return_past_due(today=order.due_date + datetime.timedelta(days=1))

    claim = fresh(claim)
    assert returned == 10
    assert (claim.quantity, claim.accepted, claim.pending) == (30, 28, 2)
    assert fresh(order).claimed == 30


# Concurrency: double submits and two coordinators at one table ---------------------------


@pytest.mark.django_db(transaction=True)
def test_a_handover_inspected_twice_at_once_earns_once():
    actor = UserFactory()
    order = ProductionOrderFactory(quantity=100)
    claim = claim_set(order=order, mother=mother_for(order), quantity=40)
    handover = handover_record(claim=claim, count=40, actor=actor)

    results = run_together(
        [
            lambda: inspection_record(handover=handover, accepted=40, rejections={}, actor=actor)
            for _ in range(8)
        ]
    )

    kinds = Counter(type(r).__name__ for r in results)
    assert kinds == {"Inspection": 1, "AlreadyInspected": 7}, (kinds, connection.vendor)
    assert LedgerEntry.objects.count() == 1
    assert fresh(claim).accepted == 40
    assert fresh(order).accepted == 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_handovers_never_exceed_the_claim():
    actor = UserFactory()
    order = ProductionOrderFactory(quantity=100)
    claim = claim_set(order=order, mother=mother_for(order), quantity=40)

    results = run_together(
        [lambda: handover_record(claim=claim, count=7, actor=actor) for _ in range(10)]
    )

    kinds = Counter(type(r).__name__ for r in results)
    assert kinds == {"Handover": 5, "HandoverTooMany": 5}, kinds
    assert fresh(claim).pending == 35
    assert sum(h.count for h in Handover.objects.filter(claim=claim)) == 35


@pytest.mark.django_db(transaction=True)
def test_a_correction_submitted_twice_at_once_is_recorded_once():
    actor = UserFactory()
    order = ProductionOrderFactory(quantity=100)
    claim = claim_set(order=order, mother=mother_for(order), quantity=40)
    handover = handover_record(claim=claim, count=40, actor=actor)
    first = inspection_record(handover=handover, accepted=40, rejections={}, actor=actor)
    loose = reason(order).pk

    results = run_together(
        [
            lambda: inspection_correct(
                inspection=first, accepted=36, rejections={loose: 4}, actor=actor, note="x"
            )
            for _ in range(6)
        ]
    )

    kinds = Counter(type(r).__name__ for r in results)
    assert kinds == {"Inspection": 1, "AlreadyCorrected": 5}, kinds
    assert earned(claim.mother) == Decimal("126.00")
    assert fresh(claim).accepted == 36


def test_past_due_returns_tell_the_mother_and_her_coordinators(
    order, mother, claim, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    from marketplace.models import Role
    from tests.factories import MembershipFactory

    mother.user.email = "mama@example.com"
    mother.user.save()
    MembershipFactory(
        cooperative=order.cooperative,
        role=Role.COORDINATOR,
        user=UserFactory(email="zhan@example.com"),
    )
    handover_record(claim=claim, count=15, actor=coordinator.user)

    with django_capture_on_commit_callbacks(execute=True):
        claims_return_past_due(today=order.due_date + datetime.timedelta(days=1))

    assert sorted(m.to[0] for m in mailoutbox) == [
        "coordinator@example.com",
        "mama@example.com",
        "zhan@example.com",
    ]
    assert all("25" in m.subject for m in mailoutbox)
