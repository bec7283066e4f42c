"""Made pieces into the stock (services.stock.stock_add_made): in, and back out only while
the stock holds them — never below zero."""

import pytest

from marketplace.models import Product
from marketplace.services.stock import stock_add_made
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def stock(product: Product) -> int:
    return Product.objects.get(pk=product.pk).stock


def test_made_pieces_go_into_the_stock():
    product = ProductFactory(stock=3)
    assert stock_add_made(product=product, pieces=8) is True
    assert stock(product) == 11


def test_a_correction_takes_pieces_back_while_the_stock_holds_them():
    product = ProductFactory(stock=5)
    assert stock_add_made(product=product, pieces=-5) is True
    assert stock(product) == 0


def test_pieces_already_sold_are_not_taken_back_and_nothing_moves():
    product = ProductFactory(stock=2)
    assert stock_add_made(product=product, pieces=-3) is False
    assert stock(product) == 2


def test_no_pieces_no_change():
    product = ProductFactory(stock=4)
    assert stock_add_made(product=product, pieces=0) is True
    assert stock(product) == 4
