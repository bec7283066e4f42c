"""One lock order (marketplace/locks.py): requests that lock a production order and its claims
(or a cooperative's ledger and its payouts) at the same moment never deadlock on PostgreSQL.

Each test releases real threads together, each on its own connection, and accepts only a
result or the service's own refusal from every call: a deadlock would surface as an
OperationalError (or, once retried and lost again, as BusyTryAgain). SQLite's IMMEDIATE
transactions queue every writer, so these races are PostgreSQL's alone.
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.exceptions import InvalidTransition, RefundNotPossible
from marketplace.models import Fulfilment, PurchaseLine, Refund
from marketplace.services.fulfilment import line_cancel, purchase_refund
from orders.exceptions import ClaimError, HandoverNotPossible, ProductionError
from orders.models import (
    Claim,
    ClaimStatus,
    Handover,
    Inspection,
    LedgerEntry,
    OrderStatus,
    PayoutRun,
    ProductionOrder,
)
from orders.money.services.ledger import AdjustmentRefused, adjustment_record, balance_of
from orders.money.services.payouts import PayoutError, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from orders.production.services.orders import (
    claims_return_past_due,
    order_cancel,
    order_create,
    order_transition,
)
from tests.factories import ProductFactory, paid_purchase
from tests.fake_stripe_refunds import fake_stripe_refunds
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import fresh
from tests.threads import Race, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def claims_agree_with(order: ProductionOrder) -> None:
    order = fresh(order)
    held = Claim.objects.filter(order=order).values_list("quantity", flat=True)
    assert order.claimed == sum(held)
    assert 0 <= order.claimed <= order.quantity


def claiming_mothers(order: ProductionOrder, count: int, pieces: int) -> list:
    mothers = [mother_for(order) for _ in range(count)]
    for mother in mothers:
        claim_set(order=order, mother=mother, quantity=pieces)
    return mothers


def claim_changes(order: ProductionOrder, mothers: list, count: int) -> list:
    """``count`` raises, lowers and releases, spread over ``mothers``."""
    who = itertools.islice(itertools.cycle(mothers), count)
    quantities = itertools.cycle([80, 20, 0, 100, 45])
    return [
        lambda m=m, q=q: claim_set(order=order, mother=m, quantity=q)
        for m, q in zip(who, quantities, strict=False)
    ]


# Production order → claims ----------------------------------------------------------------


def test_ten_cancels_against_eighty_claim_changes_never_deadlock():
    order = ProductionOrderFactory(quantity=2000, max_per_mother=100)
    mothers = claiming_mothers(order, 20, pieces=50)
    race = Race()
    race.add(claim_changes(order, mothers, 80), Claim, ClaimError)
    race.add([lambda: order_cancel(order=order)] * 10, ProductionOrder, InvalidTransition)

    kinds = race.run()

    assert kinds["ProductionOrder"] == 1, kinds
    assert fresh(order).status == OrderStatus.CANCELLED
    claims_agree_with(order)
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.RELEASED}


def test_closing_claims_against_claim_changes_never_deadlocks():
    order = ProductionOrderFactory(quantity=2000, max_per_mother=100)
    mothers = claiming_mothers(order, 20, pieces=50)
    start = lambda: order_transition(order=order, to=OrderStatus.IN_PRODUCTION)  # noqa: E731
    race = Race()
    race.add(claim_changes(order, mothers, 80), Claim, ClaimError)
    race.add([start] * 10, ProductionOrder, InvalidTransition)

    race.run()

    assert fresh(order).status == OrderStatus.IN_PRODUCTION
    claims_agree_with(order)


def test_handovers_against_cancels_never_deadlock():
    # A fully claimed order: the first handover also moves it into production.
    order = ProductionOrderFactory(quantity=200, max_per_mother=20)
    claims = [claim_set(order=order, mother=mother_for(order), quantity=20) for _ in range(10)]
    assert fresh(order).status == OrderStatus.FULLY_CLAIMED
    hand = [lambda c=c: handover_record(claim=c, count=5, actor=None) for c in claims]
    race = Race()
    race.add(hand, Handover, HandoverNotPossible)
    cancel = [lambda: order_cancel(order=order)] * 5
    race.add(cancel, ProductionOrder, ProductionError, InvalidTransition)

    kinds = race.run()

    order = fresh(order)
    handed = sum(Claim.objects.filter(order=order).values_list("pending", flat=True))
    assert handed == 5 * kinds["Handover"]
    assert (order.status == OrderStatus.CANCELLED) == (kinds["Handover"] == 0)
    claims_agree_with(order)


def test_inspections_against_claim_changes_of_the_same_mothers_never_deadlock():
    order = ProductionOrderFactory(quantity=2000, max_per_mother=100)
    mothers = claiming_mothers(order, 10, pieces=40)
    handovers = [
        handover_record(claim=Claim.objects.get(order=order, mother=m), count=10, actor=None)
        for m in mothers
    ]
    inspect = [
        lambda h=h: inspection_record(handover=h, accepted=10, rejections={}, actor=None)
        for h in handovers
    ]
    race = Race()
    race.add(inspect, Inspection)
    race.add(claim_changes(order, mothers, 40), Claim, ClaimError)

    race.run()

    assert fresh(order).accepted == 100
    assert LedgerEntry.objects.count() == 10
    claims_agree_with(order)


def test_returning_past_due_claims_against_cancels_and_handovers_never_deadlocks():
    orders = [ProductionOrderFactory(quantity=300, max_per_mother=30) for _ in range(3)]
    claims = [
        claim_set(order=order, mother=mother_for(order), quantity=30)
        for order in orders
        for _ in range(8)
    ]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ProductionOrder.objects.update(due_date=yesterday)
    cancel = [lambda o=o: order_cancel(order=o) for o in orders] * 3
    hand = [lambda c=c: handover_record(claim=c, count=3, actor=None) for c in claims]
    race = Race()
    race.add([claims_return_past_due] * 3, int)
    race.add(cancel, ProductionOrder, ProductionError, InvalidTransition)
    race.add(hand, Handover, HandoverNotPossible)

    race.run()

    for order in orders:
        claims_agree_with(order)
    for claim in Claim.objects.all():
        assert claim.quantity in {claim.pending, 30}, claim


# Production order → the purchases and lines it makes ----------------------------------------


def test_inspections_finishing_lines_against_their_cancels_and_refunds_never_deadlock(
    monkeypatch,
):
    fake_stripe_refunds(monkeypatch)
    product = ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, price=Decimal("30.00"))
    purchases = [paid_purchase((product, 10)) for _ in range(3)]
    lines = [purchase.lines.get() for purchase in purchases]
    order = order_create(
        cooperative=product.cooperative,
        product=product,
        actor=None,
        serves=lines,
        quantity=30,
        piece_rate=Decimal("5.00"),
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        min_claim=1,
        max_per_mother=10,
        status=OrderStatus.OPEN,
    )
    mothers = claiming_mothers(order, 3, pieces=10)
    handovers = [
        handover_record(claim=Claim.objects.get(order=order, mother=m), count=10, actor=None)
        for m in mothers
    ]
    inspect = [
        lambda h=h: inspection_record(handover=h, accepted=10, rejections={}, actor=None)
        for h in handovers
    ]
    cancel = [lambda li=li: line_cancel(line=li, actor=None, reason="买家不要了") for li in lines]
    refund = [
        lambda p=p, li=li: purchase_refund(
            purchase=p, line=li, amount=Decimal("5.00"), reason="晚了", actor=None
        )
        for p, li in zip(purchases, lines, strict=True)
    ]
    race = Race()
    race.add(inspect, Inspection)
    race.add(cancel * 2, Refund, type(None), InvalidTransition)
    race.add(refund * 2, Refund, RefundNotPossible)

    race.run()

    assert fresh(order).accepted == 30
    for line in PurchaseLine.objects.all():
        assert line.refunded_amount <= line.subtotal


# Cooperative ledger → payout run → payouts ------------------------------------------------


def test_a_payout_run_against_adjustments_and_earnings_never_deadlocks_or_overdraws():
    order = ProductionOrderFactory(quantity=2000, piece_rate=Decimal("2.50"), max_per_mother=200)
    mothers = claiming_mothers(order, 8, pieces=40)
    for mother in mothers:
        claim = Claim.objects.get(order=order, mother=mother)
        handover = handover_record(claim=claim, count=20, actor=None)
        inspection_record(handover=handover, accepted=20, rejections={}, actor=None)
    # ¥50.00 earned each; an earning of ¥25.00 more is being inspected as the run starts
    later = [
        handover_record(claim=Claim.objects.get(order=order, mother=m), count=10, actor=None)
        for m in mothers
    ]
    amounts = itertools.cycle([Decimal("-30.00"), Decimal("5.00"), Decimal("-45.00")])
    adjust = [
        lambda m=m, a=a: adjustment_record(mother=m, amount=a, reason="校正", actor=None)
        for m, a in zip(mothers * 3, amounts, strict=False)
    ]
    inspect = [
        lambda h=h: inspection_record(handover=h, accepted=10, rejections={}, actor=None)
        for h in later
    ]
    pay = lambda: run_start(cooperative=order.cooperative, actor=None)  # noqa: E731
    race = Race()
    race.add([pay] * 3, PayoutRun, PayoutError)
    race.add(adjust, LedgerEntry, AdjustmentRefused)
    race.add(inspect, Inspection)

    kinds = race.run()

    # Runs may follow one another (each pays what the one before left: earnings inspected
    # meanwhile); none pays what another paid, which the balances below would show.
    assert kinds["PayoutRun"] >= 1, kinds
    for mother in mothers:
        assert balance_of(mother) >= 0, (mother, LedgerEntry.objects.filter(mother=mother))
