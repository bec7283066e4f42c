"""Refunds: full or partial, of a line or of a purchase, never more than was paid.

The pending refund is committed before Stripe is asked, under the idempotency key
``refund-<pk>``; a failure at Stripe changes no money figure; Stripe's ``charge.refunded``
webhook for the same refund does not count it twice; concurrent refunds, from real threads
on SQLite and PostgreSQL, never together pass what was paid.
"""

from collections import Counter
from decimal import Decimal

import pytest

from marketplace import stripe_gateway as gateway
from marketplace.exceptions import RefundNotPossible
from marketplace.models import Purchase, PurchaseEvent, PurchaseLine, Refund
from marketplace.models.purchases import RefundStatus
from marketplace.services import payments
from marketplace.services.fulfilment import (
    ReasonMissing,
    _line_reserve,
    purchase_refund,
    refund_settle,
    refundable_amount,
    refunded_amount,
)
from tests.factories import ProductFactory, PurchaseFactory, coordinator_of, paid_purchase
from tests.threads import run_together

# A ¥100.00 line (4 × ¥25.00) and a ¥30.00 line: ¥130.00 paid.
KNOT = Decimal("25.00")
CHARM = Decimal("30.00")
PAID = Decimal("130.00")


@pytest.fixture
def purchase(cooperative) -> Purchase:
    knot = ProductFactory(name="如意结", price=KNOT, stock=10, cooperative=cooperative)
    charm = ProductFactory(name="平安扣", price=CHARM, stock=10, cooperative=cooperative)
    return paid_purchase((knot, 4), (charm, 1))


@pytest.fixture
def knot_line(purchase) -> PurchaseLine:
    return purchase.lines.get(unit_price=KNOT)


def refund(purchase, *, amount, line=None, actor=None, **kwargs) -> Refund:
    return purchase_refund(
        purchase=purchase,
        line=line,
        amount=Decimal(amount),
        reason="多收了运费",
        actor=actor,
        **kwargs,
    )


def fresh(line: PurchaseLine) -> PurchaseLine:
    return PurchaseLine.objects.get(pk=line.pk)


def line_refunded(line: PurchaseLine) -> Decimal:
    return PurchaseLine.objects.values_list("refunded_amount", flat=True).get(pk=line.pk)


def refunded_events(purchase) -> int:
    return PurchaseEvent.objects.filter(purchase=purchase, status="refunded").count()


def assert_nothing_refunded(purchase, stripe_refunds) -> None:
    assert Refund.objects.count() == 0
    assert stripe_refunds.calls == []
    assert refunded_amount(purchase=purchase) == Decimal("0.00")
    assert set(purchase.lines.values_list("refunded_amount", flat=True)) == {Decimal("0.00")}
    assert refunded_events(purchase) == 0


# One line --------------------------------------------------------------------------------


def test_a_full_refund_of_a_line(purchase, knot_line, coordinator, stripe_refunds):
    made = refund(purchase, line=knot_line, amount="100.00", actor=coordinator.user)

    assert (made.status, made.amount, made.line, made.created_by) == (
        RefundStatus.SUCCEEDED,
        Decimal("100.00"),
        knot_line,
        coordinator.user,
    )
    assert made.stripe_refund_id == f"re_refund-{made.pk}"
    assert stripe_refunds.calls == [
        {
            "payment_intent": purchase.payment_intent_id,
            "amount": Decimal("100.00"),
            "currency": "CNY",
            "idempotency_key": f"refund-{made.pk}",
        }
    ]
    assert line_refunded(knot_line) == Decimal("100.00")
    assert refundable_amount(purchase=purchase, line=fresh(knot_line)) == Decimal("0.00")
    assert refundable_amount(purchase=purchase) == CHARM
    event = PurchaseEvent.objects.get(purchase=purchase, status="refunded")
    assert (event.line, event.actor, event.label) == (knot_line, coordinator.user, event.label)
    assert "100.00" in event.note


def test_partial_refunds_add_up_to_the_line_and_no_further(
    purchase, knot_line, coordinator, stripe_refunds
):
    for amount in ("10.01", "10.01", "10.01", "69.97"):
        assert refund(purchase, line=knot_line, amount=amount).status == RefundStatus.SUCCEEDED

    with pytest.raises(RefundNotPossible):
        refund(purchase, line=knot_line, amount="0.01")

    assert line_refunded(knot_line) == Decimal("100.00")
    assert refunded_amount(purchase=purchase) == Decimal("100.00")
    assert len(stripe_refunds.calls) == 4
    assert refunded_events(purchase) == 4


def test_a_refund_over_what_is_left_of_the_line_changes_nothing(
    purchase, knot_line, stripe_refunds
):
    with pytest.raises(RefundNotPossible):
        refund(purchase, line=knot_line, amount="100.01")

    assert_nothing_refunded(purchase, stripe_refunds)


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("0"),
        Decimal("-5.00"),
        Decimal("0.001"),
        Decimal("12.345"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("1E+30"),
        Decimal("99999999999999999999999999.99"),
        12.5,
        "12.50",
        None,
    ],
)
def test_an_amount_that_is_no_sum_of_money_changes_nothing(
    purchase, knot_line, stripe_refunds, amount
):
    with pytest.raises(RefundNotPossible):
        purchase_refund(purchase=purchase, line=knot_line, amount=amount, reason="试试", actor=None)

    assert_nothing_refunded(purchase, stripe_refunds)


@pytest.mark.parametrize("reason", ["", "   ", "长" * 201])
def test_a_refund_needs_a_reason(purchase, knot_line, stripe_refunds, reason):
    with pytest.raises(ReasonMissing):
        purchase_refund(
            purchase=purchase, line=knot_line, amount=Decimal("5.00"), reason=reason, actor=None
        )

    assert_nothing_refunded(purchase, stripe_refunds)


def test_a_stale_form_is_refused(purchase, knot_line, stripe_refunds):
    # given the coordinator opened the form when nothing had been refunded, and then
    # someone (or her own double click) refunded ¥10.00
    refund(purchase, line=knot_line, amount="10.00", seen_refunded=Decimal("0.00"))

    with pytest.raises(RefundNotPossible):
        refund(purchase, line=knot_line, amount="10.00", seen_refunded=Decimal("0.00"))

    assert line_refunded(knot_line) == Decimal("10.00")
    assert Refund.objects.count() == 1


def test_a_line_of_another_purchase_cannot_be_refunded_through_this_one(
    purchase, knot_line, stripe_refunds
):
    other = paid_purchase((ProductFactory(price=Decimal("500.00")), 1))

    with pytest.raises(RefundNotPossible):
        refund(other, line=knot_line, amount="50.00")

    assert_nothing_refunded(purchase, stripe_refunds)


# The whole purchase --------------------------------------------------------------------


def test_a_full_refund_of_the_purchase(purchase, stripe_refunds):
    made = refund(purchase, amount=str(PAID))

    assert (made.status, made.line) == (RefundStatus.SUCCEEDED, None)
    assert refundable_amount(purchase=purchase) == Decimal("0.00")
    with pytest.raises(RefundNotPossible):
        refund(purchase, amount="0.01")
    assert len(stripe_refunds.calls) == 1


def test_line_and_purchase_refunds_share_one_limit(purchase, knot_line, stripe_refunds):
    refund(purchase, line=knot_line, amount="60.00")

    with pytest.raises(RefundNotPossible):
        refund(purchase, amount="70.01")
    refund(purchase, amount="70.00")

    # the line had ¥40.00 of its own left, but the purchase has nothing left at all
    assert refundable_amount(purchase=purchase, line=fresh(knot_line)) == Decimal("0.00")
    with pytest.raises(RefundNotPossible):
        refund(purchase, line=knot_line, amount="1.00")
    assert refunded_amount(purchase=purchase) == PAID


def test_an_unpaid_purchase_cannot_be_refunded(db, stripe_refunds):
    product = ProductFactory()
    purchase = PurchaseFactory(items=[(product, 1)])

    with pytest.raises(RefundNotPossible):
        refund(purchase, amount="1.00")

    assert_nothing_refunded(purchase, stripe_refunds)


def test_a_purchase_paid_without_a_card_payment_on_record_cannot_be_refunded(
    purchase, stripe_refunds
):
    Purchase.objects.filter(pk=purchase.pk).update(payment_intent_id="")
    purchase.refresh_from_db()

    with pytest.raises(RefundNotPossible):
        refund(purchase, amount="1.00")

    assert_nothing_refunded(purchase, stripe_refunds)


# When Stripe fails ---------------------------------------------------------------------


def test_a_refund_stripe_cannot_make_is_failed_and_changes_no_money_figure(
    purchase, knot_line, stripe_refunds
):
    stripe_refunds.outage = True

    made = refund(purchase, line=knot_line, amount="40.00")

    assert made.status == RefundStatus.FAILED
    assert made.stripe_refund_id == ""
    assert line_refunded(knot_line) == Decimal("0.00")
    assert refunded_amount(purchase=purchase) == Decimal("0.00")
    assert refundable_amount(purchase=purchase, line=fresh(knot_line)) == Decimal("100.00")
    assert refunded_events(purchase) == 0

    # and once Stripe is back, the coordinator simply refunds again
    stripe_refunds.outage = False
    again = refund(purchase, line=knot_line, amount="40.00")
    assert again.status == RefundStatus.SUCCEEDED
    assert line_refunded(knot_line) == Decimal("40.00")


def test_a_refund_stripe_declines_is_failed_and_gives_the_amount_back(
    purchase, knot_line, stripe_refunds
):
    stripe_refunds.status = "failed"

    made = refund(purchase, line=knot_line, amount="40.00")

    assert made.status == RefundStatus.FAILED
    assert line_refunded(knot_line) == Decimal("0.00")
    assert refunded_amount(purchase=purchase) == Decimal("0.00")


def test_the_pending_refund_is_committed_before_stripe_is_asked(
    purchase, knot_line, stripe_refunds
):
    seen = {}

    def look(refund_id):
        refund = Refund.objects.get()
        seen.update(status=refund.status, line_refunded=line_refunded(knot_line))

    stripe_refunds.before_answer = look

    refund(purchase, line=knot_line, amount="40.00")

    assert seen == {"status": RefundStatus.PENDING, "line_refunded": Decimal("40.00")}


def test_settling_a_refund_again_asks_stripe_with_the_same_key_and_records_it_once(
    purchase, knot_line, stripe_refunds
):
    made = refund(purchase, line=knot_line, amount="40.00")

    again = refund_settle(refund=made)

    assert again.status == RefundStatus.SUCCEEDED
    assert [call["idempotency_key"] for call in stripe_refunds.calls] == [f"refund-{made.pk}"] * 2
    assert line_refunded(knot_line) == Decimal("40.00")
    assert refunded_events(purchase) == 1


def test_a_refund_stripe_is_still_processing_counts_until_it_settles(
    purchase, knot_line, stripe_refunds
):
    stripe_refunds.status = "pending"
    made = refund(purchase, line=knot_line, amount="40.00")
    assert made.status == RefundStatus.PENDING
    assert refundable_amount(purchase=purchase, line=fresh(knot_line)) == Decimal("60.00")

    stripe_refunds.status = "succeeded"
    assert refund_settle(refund=made).status == RefundStatus.SUCCEEDED
    assert refunded_events(purchase) == 1


# Stripe's charge.refunded webhook ------------------------------------------------------


def charge_refunded(purchase: Purchase, refunds: list[tuple[str, Decimal]]) -> dict:
    """The charge object of a ``charge.refunded`` event: every refund of the charge so far."""
    return {
        "id": "ch_test",
        "object": "charge",
        "payment_intent": purchase.payment_intent_id,
        "amount": gateway.to_minor_units(purchase.total, "CNY"),
        "refunds": {
            "object": "list",
            "data": [
                {
                    "id": refund_id,
                    "amount": gateway.to_minor_units(amount, "CNY"),
                    "status": "succeeded",
                }
                for refund_id, amount in refunds
            ],
        },
    }


def test_the_webhook_for_our_own_refund_does_not_count_it_twice(
    purchase, knot_line, stripe_refunds
):
    made = refund(purchase, line=knot_line, amount="40.00")

    payments.on_charge_refunded(charge_refunded(purchase, [(made.stripe_refund_id, made.amount)]))

    assert Refund.objects.count() == 1
    assert refunded_amount(purchase=purchase) == Decimal("40.00")
    assert line_refunded(knot_line) == Decimal("40.00")


def test_a_webhook_faster_than_stripes_answer_does_not_count_the_refund_twice(
    purchase, knot_line, coordinator, stripe_refunds
):
    # Stripe tells our webhook about the refund before its answer to our request arrives
    stripe_refunds.before_answer = lambda refund_id: payments.on_charge_refunded(
        charge_refunded(purchase, [(refund_id, Decimal("40.00"))])
    )

    made = refund(purchase, line=knot_line, amount="40.00", actor=coordinator.user)

    recorded = Refund.objects.get()
    assert recorded.pk == made.pk
    assert (recorded.line, recorded.created_by, recorded.status) == (
        knot_line,
        coordinator.user,
        RefundStatus.SUCCEEDED,
    )
    assert refunded_amount(purchase=purchase) == Decimal("40.00")
    assert refunded_events(purchase) == 1


def test_a_refund_made_in_stripes_dashboard_counts_against_the_purchase(
    purchase, knot_line, stripe_refunds
):
    payments.on_charge_refunded(charge_refunded(purchase, [("re_dashboard", Decimal("120.00"))]))

    assert refundable_amount(purchase=purchase) == Decimal("10.00")
    assert refundable_amount(purchase=purchase, line=fresh(knot_line)) == Decimal("10.00")
    with pytest.raises(RefundNotPossible):
        refund(purchase, line=knot_line, amount="10.01")


# Concurrency: real threads, each with its own connection ------------------------------


def at_once(count: int, work) -> list:
    """Run ``work(index)`` in ``count`` threads released together; what each got, or the
    name of what it raised."""
    outcomes = run_together([lambda i=i: work(i) for i in range(count)])
    return [type(o).__name__ if isinstance(o, Exception) else o for o in outcomes]


@pytest.mark.django_db(transaction=True)
def test_concurrent_partial_refunds_of_a_line_never_pass_what_was_paid(
    purchase, knot_line, stripe_refunds
):
    # eight coordinators refund ¥30.00 of the ¥100.00 line at the same moment
    def work(index: int) -> str:
        return refund(purchase, line=knot_line, amount="30.00").status

    outcomes = at_once(8, work)

    assert Counter(outcomes) == {RefundStatus.SUCCEEDED: 3, "RefundNotPossible": 5}
    assert line_refunded(knot_line) == Decimal("90.00")
    assert refunded_amount(purchase=purchase) == Decimal("90.00")
    assert len(stripe_refunds.calls) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_refunds_of_the_purchase_and_its_lines_never_pass_what_was_paid(
    purchase, knot_line, stripe_refunds
):
    charm_line = purchase.lines.get(unit_price=CHARM)
    # whole-purchase refunds of ¥80.00 race line refunds of ¥60.00 and ¥30.00
    requests = [(None, "80.00"), (knot_line, "60.00"), (charm_line, "30.00")] * 3

    def work(index: int) -> str:
        line, amount = requests[index]
        return refund(purchase, line=line, amount=amount).status

    at_once(len(requests), work)

    assert refunded_amount(purchase=purchase) <= PAID
    assert line_refunded(knot_line) <= Decimal("100.00")
    assert line_refunded(charm_line) <= CHARM
    succeeded = Refund.objects.filter(status=RefundStatus.SUCCEEDED)
    assert sum(r.amount for r in succeeded) == refunded_amount(purchase=purchase)
    assert sum(call["amount"] for call in stripe_refunds.calls) == refunded_amount(
        purchase=purchase
    )


@pytest.mark.django_db(transaction=True)
def test_the_conditional_update_alone_never_takes_the_same_yuan_twice(purchase, knot_line):
    # Without the purchase's lock in front of it: the UPDATE … WHERE refunded ≤ subtotal − x
    # is exact by itself (20 × ¥7.00 against ¥100.00: 14 fit).
    def work(index: int) -> bool:
        return _line_reserve(line=knot_line, amount=Decimal("7.00"))

    outcomes = at_once(20, work)

    assert Counter(outcomes) == {True: 14, False: 6}
    assert line_refunded(knot_line) == Decimal("98.00")


# Through a real HTTP Stripe (localstripe) ------------------------------------------------


def card_token(number: str = "4242424242424242") -> str:
    """What Stripe.js's createToken does in the buyer's browser."""
    token = gateway.client().v1.tokens.create(
        params={"card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}}
    )
    return token.id


@pytest.mark.django_db
def test_refunds_through_localstripe(localstripe):
    # given a purchase paid by card at (local) Stripe
    product = ProductFactory(price=Decimal("58.00"), stock=5)
    coordinator = coordinator_of(product.cooperative).user
    purchase = PurchaseFactory(items=[(product, 2)])
    intent = payments.purchase_pay(purchase=purchase, card_token=card_token())
    assert intent.status == "succeeded"
    # Stripe's word, not the browser's: the server-side retrieve the purchase page makes
    payments.payment_sync(purchase=Purchase.objects.get(pk=purchase.pk))
    purchase.refresh_from_db()
    assert purchase.paid_at is not None
    line = purchase.lines.get()

    # when the coordinator refunds ¥16.00 and then the rest
    first = refund(purchase, line=line, amount="16.00", actor=coordinator)
    second = refund(purchase, line=line, amount="100.00", actor=coordinator)

    # then Stripe holds both refunds, for exactly those amounts, and nothing more is possible
    assert (first.status, second.status) == (RefundStatus.SUCCEEDED, RefundStatus.SUCCEEDED)
    assert first.stripe_refund_id.startswith("re_")
    at_stripe = gateway.client().v1.refunds.list(params={"payment_intent": intent.id})
    assert sorted(r.amount for r in at_stripe.data) == [1600, 10000]
    assert {r.id for r in at_stripe.data} == {first.stripe_refund_id, second.stripe_refund_id}
    with pytest.raises(RefundNotPossible):
        refund(purchase, line=line, amount="0.01", actor=coordinator)
    assert line_refunded(line) == Decimal("116.00")


@pytest.mark.django_db
def test_a_refund_localstripe_refuses_is_recorded_failed(localstripe):
    # a purchase whose intent Stripe does not know: the gateway's error, not a stand-in's
    purchase = paid_purchase((ProductFactory(price=Decimal("58.00")), 1))
    line = purchase.lines.get()

    made = refund(purchase, line=line, amount="10.00")

    assert made.status == RefundStatus.FAILED
    assert line_refunded(line) == Decimal("0.00")
    assert refunded_amount(purchase=purchase) == Decimal("0.00")
