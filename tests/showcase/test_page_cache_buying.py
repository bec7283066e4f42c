"""No stale money on a page a buyer acts on: a kept product page may be a few seconds old, but
adding to the cart and checking out read the current price and stock (cache on)."""

import re
from decimal import Decimal

from django.test import Client

import pytest

from marketplace.models import Product, Purchase
from tests.factories import ProductFactory
from tests.marketplace.checkout import checkout_form
from tests.showcase.page_cache import html, served_from_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def knot(tree) -> Product:
    product = ProductFactory(name="如意结", price=Decimal("38.00"), stock=5)
    tree.add_product(product, slug="knot")
    html(Client(), "/products/knot/")  # kept
    return product


def add_from_kept_page(buyer: Client, product: Product, quantity: int):
    """What her browser does: the kept product page, then its add-to-cart form."""
    assert served_from_cache(buyer, "/products/knot/")
    token = TOKEN.search(html(buyer, "/products/knot/")).group(1)
    return buyer.post(
        "/cart/add/",
        {"product": product.pk, "quantity": quantity, "csrfmiddlewaretoken": token},
        follow=True,
    )


def test_a_buyer_acting_on_a_stale_page_pays_the_current_price(knot):
    # A change the page has not caught up with yet (a raw UPDATE: no purge).
    Product.objects.filter(pk=knot.pk).update(price=Decimal("42.00"))
    buyer = Client(enforce_csrf_checks=True)
    assert "¥38.00" in html(buyer, "/products/knot/")

    cart = add_from_kept_page(buyer, knot, 2).content.decode()

    assert "¥84.00" in cart and "¥76.00" not in cart
    buyer.post(
        "/checkout/",
        checkout_form(buyer, csrfmiddlewaretoken=TOKEN.search(html(buyer, "/checkout/")).group(1)),
    )
    assert Purchase.objects.get().total == Decimal("84.00")


def test_a_buyer_acting_on_a_stale_page_cannot_take_stock_that_is_gone(knot):
    Product.objects.filter(pk=knot.pk).update(stock=1)
    buyer = Client(enforce_csrf_checks=True)
    assert "¥38.00" in html(buyer, "/products/knot/")

    add_from_kept_page(buyer, knot, 3)

    assert "cart-link__count" not in html(buyer, "/cart/")
    assert Product.objects.get(pk=knot.pk).stock == 1


def test_stock_sold_out_after_the_cart_is_refused_at_checkout(knot):
    buyer = Client(enforce_csrf_checks=True)
    add_from_kept_page(buyer, knot, 2)
    Product.objects.filter(pk=knot.pk).update(stock=1)

    token = TOKEN.search(html(buyer, "/checkout/")).group(1)
    buyer.post("/checkout/", checkout_form(buyer, csrfmiddlewaretoken=token))

    assert not Purchase.objects.exists()
    assert Product.objects.get(pk=knot.pk).stock == 1
