"""The factories of production and money make what the app would: through its services, so
the order's counters, the earnings entry and the payouts come with them."""

from decimal import Decimal

import pytest

from orders.models import ClaimStatus, EntryKind, InvitationStatus, LedgerEntry, OrderMode, Rail
from orders.money.services.ledger import balance_of
from tests.orders.factories import (
    AdjustmentFactory,
    ClaimFactory,
    ClaimRequestFactory,
    HandoverFactory,
    InspectionFactory,
    InvitationFactory,
    PayoutProfileFactory,
    PayoutRunFactory,
    ProductionOrderFactory,
    RejectionReasonFactory,
    earn,
    knot_order,
    mother_for,
)

pytestmark = pytest.mark.django_db


def test_a_claim_takes_its_pieces_from_the_order(order):
    claim = ClaimFactory(order=order, quantity=30)

    order.refresh_from_db()
    assert (claim.quantity, claim.status, order.claimed) == (30, ClaimStatus.ACTIVE, 30)
    assert claim.mother.skills.filter(skill=order.required_skill).exists()


def test_a_request_waits_for_the_window_to_close(cooperative):
    order = knot_order(cooperative, mode=OrderMode.REQUEST_WINDOW)

    request = ClaimRequestFactory(order=order, quantity=25)

    order.refresh_from_db()
    assert (request.requested, request.quantity, order.claimed) == (25, 0, 0)


def test_an_inspection_of_a_handover_records_her_earnings_once(order, mother):
    handover = HandoverFactory(claim=ClaimFactory(order=order, mother=mother, quantity=10))

    loose = RejectionReasonFactory(cooperative=order.cooperative)

    inspection = InspectionFactory(handover=handover, accepted=9, rejections={loose.pk: 1})

    assert (handover.count, inspection.accepted, inspection.rejected) == (10, 9, 1)
    entry = LedgerEntry.objects.get(inspection=inspection)
    assert (entry.kind, entry.amount) == (EntryKind.EARNING, Decimal("31.50"))  # 9 × ¥3.50


def test_earn_does_the_whole_round_and_adds_to_her_claim(order, mother):
    earn(order, mother, accepted=4)
    claim = earn(order, mother, accepted=6, rejected=1)

    claim.refresh_from_db()
    assert (claim.quantity, claim.accepted, claim.rejected) == (11, 10, 1)
    assert balance_of(mother) == Decimal("35.00")


def test_an_adjustment_is_an_entry_of_her_ledger(mother):
    entry = AdjustmentFactory(mother=mother, amount=Decimal("15.00"), reason="春节奖励")

    assert (entry.kind, entry.amount) == (EntryKind.ADJUSTMENT, Decimal("15.00"))
    assert entry.memo == "春节奖励"
    assert balance_of(mother) == Decimal("15.00")


def test_a_payout_run_pays_everyone_owed_by_her_rail(order, cooperative):
    cash, stripe = mother_for(order), mother_for(order)
    PayoutProfileFactory(membership=stripe, stripe=True)
    earn(order, cash, accepted=2)
    earn(order, stripe, accepted=4)

    run = PayoutRunFactory(cooperative=cooperative)

    assert run.total == Decimal("21.00")
    assert {p.mother: p.rail for p in run.payouts.all()} == {
        cash: Rail.OFFLINE,
        stripe: Rail.STRIPE,
    }
    assert balance_of(cash) == balance_of(stripe) == Decimal("0.00")


def test_an_invitation_is_open_until_she_answers(cooperative):
    invitation = InvitationFactory(cooperative=cooperative)

    assert invitation.status == InvitationStatus.PENDING
    assert invitation.user.memberships.filter(cooperative=cooperative).exists() is False


def test_orders_are_open_and_of_one_cooperative():
    order = ProductionOrderFactory()

    assert order.product.cooperative == order.cooperative
    assert order.status == "open"
