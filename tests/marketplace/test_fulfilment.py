"""A cooperative fulfils a paid line: pack, ship, deliver, or cancel it before it ships.

Every step passes the guard table or changes nothing; the buyer hears of each step by email
once it has committed; cancelling gives the pieces back once and refunds what is left.
"""

from decimal import Decimal

import pytest

from marketplace.exceptions import InvalidTransition
from marketplace.models import (
    Fulfilment,
    LineStatus,
    Product,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    PurchaseStatus,
    Refund,
)
from marketplace.models.purchases import RefundStatus
from marketplace.services.fulfilment import (
    ReasonMissing,
    ShipmentDetailsMissing,
    line_cancel,
    line_deliver,
    line_pack,
    line_ship,
)
from tests.factories import (
    CONTACT,
    ProductFactory,
    coordinator_of,
    paid_purchase,
)

# Fixtures ------------------------------------------------------------------------------


@pytest.fixture
def knot(cooperative) -> Product:
    return ProductFactory(cooperative=cooperative, name="如意结", price=Decimal("38.00"), stock=10)


@pytest.fixture
def line(knot) -> PurchaseLine:
    """Three in-stock knots, paid: ¥114.00, holding three pieces of stock."""
    return paid_purchase((knot, 3)).lines.get()


def stock(product: Product) -> int:
    return Product.objects.values_list("stock", flat=True).get(pk=product.pk)


def status(line: PurchaseLine) -> str:
    return PurchaseLine.objects.values_list("status", flat=True).get(pk=line.pk)


def set_status(line: PurchaseLine, to: str) -> PurchaseLine:
    PurchaseLine.objects.filter(pk=line.pk).update(status=to)
    line.refresh_from_db()
    return line


# Steps and their emails ------------------------------------------------------------------


def test_packing_records_who_did_it_and_tells_the_buyer(
    line, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        line_pack(line=line, actor=coordinator.user)

    assert status(line) == LineStatus.PACKED
    event = PurchaseEvent.objects.get(line=line, status=LineStatus.PACKED)
    assert event.actor == coordinator.user
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [CONTACT.email]
    assert line.name in mailoutbox[0].subject


def test_the_email_waits_for_the_commit(line, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        line_pack(line=line, actor=coordinator.user)

    assert len(callbacks) == 1  # scheduled, not sent: a rolled-back step sends nothing


def test_shipping_records_the_carrier_and_tracking_number_for_the_buyer(
    line, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        line_ship(
            line=line, carrier=" 顺丰速运 ", tracking_number="SF1234567890", actor=coordinator.user
        )

    line.refresh_from_db()
    assert (line.status, line.carrier, line.tracking_number) == (
        LineStatus.SHIPPED,
        "顺丰速运",
        "SF1234567890",
    )
    assert "SF1234567890" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("carrier", "number"),
    [("", "SF1234567890"), ("顺丰速运", ""), ("顺丰速运", "   "), ("顺丰速运", "9" * 41)],
)
def test_shipping_without_a_carrier_and_tracking_number_changes_nothing(
    line, coordinator, carrier, number, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ShipmentDetailsMissing):
        line_ship(line=line, carrier=carrier, tracking_number=number, actor=coordinator.user)

    line.refresh_from_db()
    assert (line.status, line.tracking_number) == (LineStatus.PAID, "")
    assert not PurchaseEvent.objects.filter(line=line, status=LineStatus.SHIPPED).exists()
    assert mailoutbox == []


def test_a_line_goes_from_paid_to_delivered(
    line, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        line_pack(line=line, actor=coordinator.user)
        line_ship(
            line=line, carrier="中国邮政", tracking_number="EMS123456", actor=coordinator.user
        )
        line_deliver(line=line, actor=coordinator.user)

    assert status(line) == LineStatus.DELIVERED
    steps = PurchaseEvent.objects.filter(line=line).values_list("status", flat=True)
    assert list(steps) == ["paid", "packed", "shipped", "delivered"]
    assert len(mailoutbox) == 3


def _do(action: str, line: PurchaseLine, actor):
    if action == "pack":
        return line_pack(line=line, actor=actor)
    if action == "ship":
        return line_ship(line=line, carrier="顺丰速运", tracking_number="SF000111", actor=actor)
    if action == "deliver":
        return line_deliver(line=line, actor=actor)
    return line_cancel(line=line, actor=actor, reason="买家改主意了")


# The guard table as the coordinator meets it, written out rather than read from the code.
ALLOWED = {
    (LineStatus.PAID, "pack"),
    (LineStatus.PAID, "ship"),
    (LineStatus.PAID, "cancel"),
    (LineStatus.PACKED, "ship"),
    (LineStatus.PACKED, "cancel"),
    (LineStatus.SHIPPED, "deliver"),
}
STEPS = [
    (start, action)
    for start in (
        LineStatus.PAID,
        LineStatus.PACKED,
        LineStatus.SHIPPED,
        LineStatus.DELIVERED,
        LineStatus.CANCELLED,
    )
    for action in ("pack", "ship", "deliver", "cancel")
]


@pytest.mark.parametrize(("start", "action"), [s for s in STEPS if s not in ALLOWED])
def test_a_step_the_table_forbids_changes_nothing(
    line,
    coordinator,
    knot,
    stripe_refunds,
    start,
    action,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    line = set_status(line, start)
    events, pieces = PurchaseEvent.objects.count(), stock(knot)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidTransition):
        _do(action, line, coordinator.user)

    line.refresh_from_db()
    assert (line.status, line.carrier, line.refunded_amount) == (start, "", Decimal("0.00"))
    assert (PurchaseEvent.objects.count(), stock(knot)) == (events, pieces)
    assert stripe_refunds.calls == [] and mailoutbox == []


@pytest.mark.parametrize(("start", "action"), sorted(ALLOWED))
def test_a_step_the_table_allows_is_taken(line, coordinator, stripe_refunds, start, action):
    line = set_status(line, start)

    _do(action, line, coordinator.user)

    expected = {"pack": "packed", "ship": "shipped", "deliver": "delivered", "cancel": "cancelled"}
    assert status(line) == expected[action]


def test_a_stale_copy_of_the_line_cannot_step_back(line, coordinator):
    # given two coordinators with the same paid line open; one ships it
    stale = PurchaseLine.objects.get(pk=line.pk)
    line_ship(line=line, carrier="顺丰速运", tracking_number="SF000222", actor=coordinator.user)

    # when the other packs her stale copy, the step is judged on the line as it is now
    with pytest.raises(InvalidTransition):
        line_pack(line=stale, actor=coordinator.user)

    assert status(line) == LineStatus.SHIPPED


# Cancelling ------------------------------------------------------------------------------


def test_cancelling_returns_the_pieces_and_refunds_the_line(
    line, knot, coordinator, stripe_refunds, django_capture_on_commit_callbacks, mailoutbox
):
    assert stock(knot) == 7

    with django_capture_on_commit_callbacks(execute=True):
        refund = line_cancel(line=line, actor=coordinator.user, reason="  缺货，\n 抱歉 ")

    line.refresh_from_db()
    assert line.status == LineStatus.CANCELLED
    assert stock(knot) == 10
    assert not line.holds_stock
    assert (refund.amount, refund.status, refund.line, refund.reason) == (
        Decimal("114.00"),
        RefundStatus.SUCCEEDED,
        line,
        "缺货， 抱歉",
    )
    assert line.refunded_amount == Decimal("114.00")
    assert stripe_refunds.calls == [
        {
            "payment_intent": line.purchase.payment_intent_id,
            "amount": Decimal("114.00"),
            "currency": "CNY",
            "idempotency_key": f"refund-{refund.pk}",
        }
    ]
    assert PurchaseEvent.objects.filter(line=line, status="refunded").count() == 1
    assert [mail.to for mail in mailoutbox] == [[CONTACT.email]]


def test_cancelling_twice_returns_the_pieces_and_the_money_once(
    line, knot, coordinator, stripe_refunds
):
    line_cancel(line=line, actor=coordinator.user, reason="缺货")

    with pytest.raises(InvalidTransition):
        line_cancel(line=line, actor=coordinator.user, reason="缺货")

    assert stock(knot) == 10
    assert len(stripe_refunds.calls) == 1
    assert Refund.objects.count() == 1


def test_cancelling_refunds_only_what_is_left_after_a_partial_refund(
    line, coordinator, stripe_refunds
):
    from marketplace.services.fulfilment import purchase_refund

    purchase_refund(
        purchase=line.purchase,
        line=line,
        amount=Decimal("14.00"),
        reason="少一颗珠子",
        actor=coordinator.user,
    )

    refund = line_cancel(line=line, actor=coordinator.user, reason="缺货")

    assert refund.amount == Decimal("100.00")
    line.refresh_from_db()
    assert line.refunded_amount == Decimal("114.00")


def test_cancelling_a_made_to_order_line_takes_nothing_from_stock(coordinator, stripe_refunds):
    made = ProductFactory(
        fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, lead_time_days=10, price=Decimal("120.00")
    )
    coordinator_of(made.cooperative)
    line = paid_purchase((made, 2)).lines.get()

    line_cancel(line=line, actor=coordinator.user, reason="做不出来")

    assert stock(made) == 0
    assert status(line) == LineStatus.CANCELLED


def test_cancelling_the_last_open_line_cancels_the_purchase(knot, coordinator, stripe_refunds):
    other = ProductFactory(cooperative=knot.cooperative, price=Decimal("20.00"))
    purchase = paid_purchase((knot, 1), (other, 1))
    first, second = purchase.lines.order_by("pk")

    line_cancel(line=first, actor=coordinator.user, reason="缺货")
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.PAID

    line_cancel(line=second, actor=coordinator.user, reason="缺货")
    assert Purchase.objects.get(pk=purchase.pk).status == PurchaseStatus.CANCELLED


def test_a_cancel_without_a_reason_changes_nothing(line, knot, coordinator, stripe_refunds):
    with pytest.raises(ReasonMissing):
        line_cancel(line=line, actor=coordinator.user, reason=" \n ")

    assert status(line) == LineStatus.PAID
    assert stock(knot) == 7
    assert stripe_refunds.calls == []


def test_a_cancel_stands_when_stripe_is_down_and_the_refund_is_recorded_failed(
    line, knot, coordinator, stripe_refunds
):
    stripe_refunds.outage = True

    refund = line_cancel(line=line, actor=coordinator.user, reason="缺货")

    line.refresh_from_db()
    assert line.status == LineStatus.CANCELLED
    assert stock(knot) == 10
    assert refund.status == RefundStatus.FAILED
    assert line.refunded_amount == Decimal("0.00")
    assert not PurchaseEvent.objects.filter(status="refunded").exists()
