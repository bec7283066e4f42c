"""Money is exact: Decimal yuan in Python, integer fen in the database (marketplace/money.py).

SQLite compared DecimalField values as floating point, so a line of 3 × ¥29.90 could not be
refunded its ¥89.70 (CHECK ``line_refund_at_most_paid`` failed on 89.69999…). These run on
SQLite and on PostgreSQL (``make test`` runs the suite on both). Stripe's Refunds API is the
in-process stand-in of test_fulfilment.py here (hypothesis makes hundreds of refunds; the real
HTTP path is in test_refunds.py).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.models import PurchaseLine, Refund
from marketplace.models.purchases import LineStatus
from marketplace.money import MoneyField, from_fen, round_fen, to_fen
from marketplace.services.fulfilment import line_cancel, purchase_refund, refundable_amount
from orders.models import LedgerEntry
from orders.money.services.ledger import (
    AdjustmentRefused,
    adjustment_record,
    balance_of,
    balance_parts,
)
from tests.factories import ProductFactory, coordinator_of, paid_purchase
from tests.fake_stripe_refunds import fake_stripe_refunds
from tests.orders.factories import ProductionOrderFactory, mother_for

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
fen_amounts = st.integers(min_value=1, max_value=99_999_99)


def test_to_fen_and_back_is_exact():
    assert to_fen(Decimal("29.90")) == 2990
    assert to_fen(Decimal("-0.01")) == -1
    assert from_fen(8970) == Decimal("89.70")
    assert str(from_fen(0)) == "0.00"


def test_to_fen_refuses_a_fraction_of_a_fen():
    with pytest.raises(ValueError, match="fen"):
        to_fen(Decimal("0.005"))


def test_money_field_refuses_floats_and_bad_text():
    field = MoneyField()
    with pytest.raises(TypeError):
        field.get_prep_value(29.9)
    with pytest.raises(ValidationError):
        field.to_python("29.905")
    with pytest.raises(ValidationError):
        field.to_python("abc")
    assert field.to_python("29.9") == Decimal("29.90")


def test_round_fen_rounds_halves_away_from_zero():
    assert round_fen(Decimal("10") / 3) == Decimal("3.33")
    assert round_fen(Decimal("0.005")) == Decimal("0.01")


@pytest.mark.django_db
def test_money_columns_are_integers_of_fen_in_the_database():
    product = ProductFactory(price=Decimal("29.90"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT price FROM marketplace_product WHERE id = %s", [product.pk])
        (stored,) = cursor.fetchone()
    assert stored == 2990
    assert isinstance(stored, int)


@pytest.mark.django_db
def test_cancelling_three_at_29_90_refunds_89_70(monkeypatch):
    # given a paid line 车挂平安结 × 3 at ¥29.90
    stripe = fake_stripe_refunds(monkeypatch)
    charm = ProductFactory(name="车挂平安结", price=Decimal("29.90"), stock=10)
    purchase = paid_purchase((charm, 3))
    line = purchase.lines.get()
    # when the coordinator cancels it
    refund = line_cancel(line=line, actor=coordinator_of(charm.cooperative).user, reason="缺货")
    # then all of it is refunded, exactly
    line.refresh_from_db()
    assert line.status == LineStatus.CANCELLED
    assert refund.amount == Decimal("89.70")
    assert line.refunded_amount == Decimal("89.70")
    assert [call["amount"] for call in stripe.calls] == [Decimal("89.70")]


@pytest.mark.django_db
def test_a_partial_refund_then_the_rest(monkeypatch):
    fake_stripe_refunds(monkeypatch)
    charm = ProductFactory(price=Decimal("29.90"), stock=10)
    purchase = paid_purchase((charm, 3))
    line = purchase.lines.get()
    actor = coordinator_of(charm.cooperative).user
    for amount in (Decimal("29.90"), Decimal("59.80")):
        purchase_refund(purchase=purchase, line=line, amount=amount, reason="破损", actor=actor)
    line.refresh_from_db()
    assert line.refunded_amount == line.subtotal == Decimal("89.70")
    assert refundable_amount(purchase=purchase, line=line) == Decimal("0.00")


def _split(total: int, cuts: list[int]) -> list[int]:
    """``total`` fen in parts at the given cut points (each part at least one fen)."""
    points = sorted({cut % total for cut in cuts if cut % total}) if total > 1 else []
    edges = [0, *points, total]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)]


@pytest.mark.django_db
@PROPERTY
@given(
    price=fen_amounts,
    quantity=st.integers(min_value=1, max_value=20),
    cuts=st.lists(st.integers(min_value=1, max_value=10**9), max_size=5),
)
def test_any_line_can_be_refunded_to_the_fen_in_any_parts(monkeypatch, price, quantity, cuts):
    # given a paid line at a random price and quantity
    fake_stripe_refunds(monkeypatch)
    product = ProductFactory(price=from_fen(price), stock=quantity)
    purchase = paid_purchase((product, quantity))
    line = purchase.lines.get()
    actor = coordinator_of(product.cooperative).user
    subtotal = price * quantity
    # when it is refunded in random parts that add up to exactly what was paid
    for part in _split(subtotal, cuts):
        purchase_refund(
            purchase=purchase, line=line, amount=from_fen(part), reason="退款", actor=actor
        )
    # then every part went through and not one fen more can be refunded
    line.refresh_from_db()
    assert line.refunded_amount == from_fen(subtotal)
    assert refundable_amount(purchase=purchase, line=line) == Decimal("0.00")
    total = Refund.objects.filter(line=line).aggregate(total=Sum("amount"))["total"]
    assert total == from_fen(subtotal)
    # and the database compares the refunded figure with the line's total exactly
    fully = PurchaseLine.objects.filter(pk=line.pk, refunded_amount=from_fen(subtotal))
    assert fully.exists()


@pytest.mark.django_db
@PROPERTY
@given(amounts=st.lists(st.integers(min_value=-99_99, max_value=999_99), min_size=1, max_size=12))
def test_ledger_sums_and_comparisons_are_exact(amounts):
    # given a mother with a random history of bonuses and deductions
    order = ProductionOrderFactory()
    mother = mother_for(order)
    expected = Decimal("0.00")
    for fen in amounts:
        try:
            adjustment_record(mother=mother, amount=from_fen(fen), reason="调整", actor=None)
        except AdjustmentRefused:  # zero, or a deduction below her balance: nothing recorded
            continue
        expected += from_fen(fen)
    # then the database's sum is her exact balance, and compares equal to it in SQL
    entries = LedgerEntry.objects.filter(mother=mother)
    assert balance_of(mother) == expected
    assert balance_parts(entries)["balance"] == expected
    assert entries.aggregate(total=Sum("amount"))["total"] in (expected, None)
    by_mother = entries.values("mother").annotate(total=Sum("amount"))
    assert by_mother.filter(total=expected).exists() == entries.exists()
    assert by_mother.filter(total__gt=expected).exists() is False
