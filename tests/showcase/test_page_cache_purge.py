"""Publishing, unpublishing, deleting or moving a page, and any change of a product's price,
stock or availability, purge exactly the kept pages that show it, in both languages; every
other kept page stays. Transactional: purges wait for the commit, as they do in production."""

import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction
from django.test import Client

import pytest

from marketplace.exceptions import NotEnoughStock
from marketplace.models import Product
from marketplace.services.cart import CartLine
from marketplace.services.purchases import purchase_create, purchase_expire
from marketplace.services.stock import stock_add_made
from showcase.models import ProductPage
from tests.factories import CONTACT, CooperativeFactory, ProductFactory
from tests.showcase.page_cache import html, served_from_cache

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]

KEPT = ("/", "/products/", "/products/knot/", "/products/doll/", "/cooperatives/caihong/")


@pytest.fixture
def shop(tree):
    """Two products of two cooperatives; the knot's cooperative has a page."""
    caihong = CooperativeFactory(slug="caihong")
    tree.add_cooperative(caihong)
    knot = ProductFactory(cooperative=caihong, name="如意结", price=Decimal("38.00"), stock=5)
    doll = ProductFactory(name="喜娃娃", price=Decimal("50.00"), stock=5)
    tree.add_product(knot, slug="knot", featured=True)
    tree.add_product(doll, slug="doll", featured=True)
    return knot, doll


def keep(*urls: str) -> None:
    for url in urls:
        html(Client(), url)
        assert served_from_cache(Client(), url), url


def still_kept(url: str) -> bool:
    return served_from_cache(Client(), url)


def test_publishing_a_product_page_purges_it_its_listing_home_and_cooperative_only(shop):
    keep(*KEPT)
    page = ProductPage.objects.get(slug="knot")

    page.title = "新如意结"
    page.save_revision().publish()

    for url in ("/products/knot/", "/products/", "/", "/cooperatives/caihong/"):
        assert "新如意结" in html(Client(), url), url
    assert still_kept("/products/doll/")


def test_unpublishing_a_product_page_purges_it_and_its_listings(shop):
    keep(*KEPT)

    ProductPage.objects.get(slug="knot").unpublish()

    assert Client().get("/products/knot/").status_code == 404
    assert "如意结" not in html(Client(), "/products/")
    assert "如意结" not in html(Client(), "/")
    assert still_kept("/products/doll/")


def test_deleting_a_product_page_purges_it_and_its_listings(shop):
    keep(*KEPT)

    ProductPage.objects.get(slug="knot").delete()

    assert Client().get("/products/knot/").status_code == 404
    assert "如意结" not in html(Client(), "/products/")
    assert still_kept("/products/doll/")


def test_a_price_change_purges_every_page_that_shows_the_product_in_both_languages(tree, shop):
    knot, _doll = shop
    english = tree.translate(ProductPage.objects.get(slug="knot"), title="Ruyi knot")
    keep(*KEPT, "/en/products/knot/", "/en/products/", "/en/")

    knot.price = Decimal("42.00")
    knot.save()  # as the catalogue's edit form does

    for url in ("/products/knot/", "/products/", "/", "/cooperatives/caihong/"):
        page = html(Client(), url)
        assert "¥42.00" in page and "¥38.00" not in page, url
    for url in (english.url, "/en/products/", "/en/"):
        assert "¥42.00" in html(Client(), url), url
    assert still_kept("/products/doll/")


def test_a_page_with_a_chinese_address_is_purged_too(tree):
    knot = ProductFactory(name="如意结", price=Decimal("38.00"))
    tree.add_product(knot, slug="如意结")
    keep("/products/如意结/")

    knot.price = Decimal("42.00")
    knot.save()

    assert "¥42.00" in html(Client(), "/products/如意结/")


def test_renaming_a_cooperative_purges_its_products_pages(shop):
    knot, _doll = shop
    keep(*KEPT)

    knot.cooperative.name = "彩虹巧手"
    knot.cooperative.save()

    assert "彩虹巧手" in html(Client(), "/products/")
    assert not still_kept("/products/knot/")
    assert still_kept("/products/doll/")


def test_taking_a_product_off_sale_purges_its_page(shop):
    knot, _doll = shop
    keep(*KEPT)

    knot.is_active = False
    knot.save()

    assert "如意结" not in html(Client(), "/products/")
    assert still_kept("/products/doll/")


def test_a_checkout_that_reserves_stock_purges_the_product_pages(shop):
    knot, _doll = shop
    keep(*KEPT)

    purchase = purchase_create(cart_lines=[CartLine(knot, 2, knot.price)], contact=CONTACT)

    assert not still_kept("/products/knot/")
    assert not still_kept("/products/")
    assert still_kept("/products/doll/")
    # … and releasing it (an expired purchase) purges them again
    keep("/products/knot/")
    purchase_expire(purchase=purchase)
    assert not still_kept("/products/knot/")
    assert still_kept("/products/doll/")


def test_made_pieces_going_into_stock_purge_the_product_pages(shop):
    knot, _doll = shop
    keep(*KEPT)

    with transaction.atomic():
        stock_add_made(product=knot, pieces=3)

    assert not still_kept("/products/knot/")
    assert still_kept("/products/doll/")


def test_a_rolled_back_reservation_purges_nothing(shop):
    knot, _doll = shop
    keep(*KEPT)

    with pytest.raises(NotEnoughStock):
        purchase_create(cart_lines=[CartLine(knot, 99, knot.price)], contact=CONTACT)

    assert Product.objects.get(pk=knot.pk).stock == 5
    assert still_kept("/products/knot/")


def test_moving_a_page_purges_its_old_and_new_addresses_and_listings(tree, shop):
    keep(*KEPT, "/stories/")
    page = ProductPage.objects.get(slug="knot")

    # (The admin keeps products under the listing; the tree itself lets it move anywhere.)
    page.move(tree.stories, pos="last-child")

    assert Client().get("/products/knot/").status_code == 301  # Wagtail's redirect to the new
    assert "如意结" not in html(Client(), "/products/")
    assert "如意结" in html(Client(), "/stories/knot/")
    assert still_kept("/products/doll/")


def test_a_new_slug_purges_the_old_address(shop):
    keep(*KEPT)
    page = ProductPage.objects.get(slug="knot")

    page.slug = "ruyi"
    page.save_revision().publish()

    assert Client().get("/products/knot/").status_code == 301  # Wagtail's redirect to the new
    assert "如意结" in html(Client(), "/products/ruyi/")
    assert still_kept("/products/doll/")


class PurgeRecorder(BaseHTTPRequestHandler):
    purged: list[str] = []

    def do_PURGE(self):  # noqa: N802  the HTTP method's name
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_proxy(settings):
    """A real HTTP server standing in for nginx or Varnish: it records the PURGEs it gets."""
    PurgeRecorder.purged = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def test_the_front_proxy_is_purged_of_the_same_pages(shop, front_proxy):
    knot, _doll = shop

    knot.price = Decimal("42.00")
    knot.save()

    assert set(front_proxy) == {"/products/knot/", "/products/", "/", "/cooperatives/caihong/"}
