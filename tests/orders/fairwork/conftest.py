"""Fixtures of the fair-work tests."""

from decimal import Decimal

import pytest

from tests.orders.factories import MaterialFactory, ProductMaterialFactory


@pytest.fixture
def cord(order):
    """Red cord (红绳), 100 m on hand; a knot of ``order`` takes 2 m."""
    material = MaterialFactory(
        cooperative=order.cooperative, name="红绳", name_en="Red cord", on_hand=Decimal("100")
    )
    ProductMaterialFactory(product=order.product, material=material, per_piece=Decimal("2"))
    return material
