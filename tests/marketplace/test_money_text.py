"""How an amount is written: one function for every page, file and PDF (marketplace/money.py),
and the template filters that call it (marketplace/templatetags/money_tags.py)."""

from decimal import Decimal

from django.db.models import F, Q
from django.template import Context, Template

import pytest

from marketplace.models import Product
from marketplace.money import money_sum, money_text, signed_money_text
from tests.factories import ProductFactory


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1280"), "¥1,280.00"),
        (Decimal("0.005"), "¥0.01"),  # to the nearest fen, halves away from zero
        (Decimal("-0.005"), "¥-0.01"),
        ("29.9", "¥29.90"),
        (3, "¥3.00"),
        (None, ""),
        ("not money", ""),
    ],
)
def test_money_text_has_the_symbol_and_two_decimals(amount, text):
    assert money_text(amount) == text


def test_money_text_names_another_currency_by_its_code():
    assert money_text(Decimal("5"), "USD") == "USD 5.00"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("15"), "+¥15.00"),
        (Decimal("-5"), "\u2212¥5.00"),
        (Decimal("0.00"), "¥0.00"),
        (Decimal("-0.00"), "¥0.00"),  # never ¥-0.00
        (None, ""),
    ],
)
def test_signed_money_text_says_which_way_the_money_went(amount, text):
    assert signed_money_text(amount) == text


def test_the_filters_load_from_marketplace():
    template = Template(
        "{% load money_tags %}{{ a|money }} {{ a|signed_money }} {{ a|minus_money }}"
        " {{ b|money:'USD' }}"
    )
    rendered = template.render(Context({"a": Decimal("76.5"), "b": Decimal("1")}))
    assert rendered == "¥76.50 +¥76.50 \u2212¥76.50 USD 1.00"


# Sums of money in a query ------------------------------------------------------------------


@pytest.mark.django_db
def test_money_sum_is_exact_and_zero_when_nothing_is_summed():
    ProductFactory(price=Decimal("29.90"), stock=3)
    ProductFactory(price=Decimal("0.10"), stock=7)
    sums = Product.objects.aggregate(
        stock_worth=money_sum(F("price") * F("stock")),
        prices=money_sum("price"),
        none=money_sum("price", filter=Q(stock__gt=100)),
        none_negated=-money_sum("price", filter=Q(stock__gt=100)),
    )
    assert sums["stock_worth"] == Decimal("90.40")  # 89.70 + 0.70, not 90.39999…
    assert sums["prices"] == Decimal("30.00")
    assert str(sums["none"]) == str(sums["none_negated"]) == "0.00"  # never -0.00
