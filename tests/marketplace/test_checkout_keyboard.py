"""The checkout's phone field brings up a phone's number pad."""

import re

import pytest

from tests.factories import ProductFactory


@pytest.mark.django_db
def test_the_phone_field_asks_for_the_telephone_keyboard(client):
    product = ProductFactory(stock=5)
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    (phone,) = re.findall(r'<input[^>]*name="phone"[^>]*>', html)
    assert 'type="tel"' in phone
    assert 'inputmode="tel"' in phone
    assert 'autocomplete="tel"' in phone
