"""The page cache serves a showcase page to visitors without a session, and never anyone's
own page to someone else: signed-in and cart-holding visitors, POSTs and unknown query strings
always get a page rendered for them; each visitor's add-to-cart form carries her own token."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.test import Client

import pytest

from marketplace.models import Product
from showcase.pagecache.store import CSRF_HOLE
from tests.factories import CooperativeFactory, ProductFactory, UserFactory
from tests.showcase.page_cache import html, served_from_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

SIGN_IN = 'href="/accounts/login/?from='
SIGN_OUT = 'action="/accounts/logout/"'
CART_COUNT = re.compile(r'cart-link__count">(\d+)<')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def knot(tree):
    product = ProductFactory(name="如意结", price=Decimal("38.00"), stock=5)
    return tree.add_product(product, slug="knot")


def test_a_second_visitor_gets_the_kept_page_with_shareable_headers(client, tree):
    first = client.get("/")

    assert served_from_cache(Client(), "/")
    second = Client().get("/")
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "s-maxage=" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["X-Frame-Options"] == "DENY"  # the outer middleware still run


def test_a_kept_page_answers_a_conditional_get_with_304(client, tree):
    first = client.get("/")

    by_etag = Client().get("/", headers={"If-None-Match": first["ETag"]})
    by_date = Client().get("/", headers={"If-Modified-Since": first["Last-Modified"]})
    changed = Client().get("/", headers={"If-None-Match": '"another"'})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert changed.status_code == 200


def test_head_is_served_from_the_kept_page(client, tree):
    client.get("/")

    response = Client().head("/")

    assert response.status_code == 200
    assert response.content == b""
    assert "public" in response["Cache-Control"]


def test_a_post_is_never_answered_from_the_cache(client, knot):
    client.get("/products/knot/")
    # A change no purge hears of (a raw UPDATE): the kept page is stale on purpose.
    Product.objects.filter(pk=knot.product_id).update(price=Decimal("42.00"))

    assert "¥38.00" in html(Client(), "/products/knot/")
    assert "¥42.00" in Client().post("/products/knot/").content.decode()


def test_a_signed_in_visitor_never_gets_the_anonymous_page(client, tree):
    client.get("/")
    member = Client()
    member.force_login(UserFactory())

    response = member.get("/")

    page = response.content.decode()
    assert SIGN_OUT in page and SIGN_IN not in page
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    # … nor is her page kept for anyone else
    cache.clear()
    member.get("/")
    assert SIGN_IN in html(Client(), "/") and SIGN_OUT not in html(Client(), "/")


def test_a_visitor_with_a_cart_sees_her_count_and_never_a_kept_page(client, knot):
    Client().get("/products/knot/")  # kept for visitors without a session

    client.post("/cart/add/", {"product": knot.product_id, "quantity": 2})
    response = client.get("/products/knot/")

    assert CART_COUNT.search(response.content.decode()).group(1) == "2"
    assert "private" in response["Cache-Control"]
    # … and the next visitor without a cart sees none
    assert CART_COUNT.search(html(Client(), "/products/knot/")) is None


def test_each_visitor_gets_her_own_token_and_her_add_to_cart_post_passes_csrf(knot):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get("/products/knot/")
    assert served_from_cache(second, "/products/knot/")
    second_page = second.get("/products/knot/")

    second_token = TOKEN.search(second_page.content.decode()).group(1)
    assert second_token != TOKEN.search(first_page.content.decode()).group(1)
    assert CSRF_HOLE not in second_page.content
    assert "private" in second_page["Cache-Control"]  # it carries her token: no proxy keeps it
    response = second.post(
        "/cart/add/",
        {"product": knot.product_id, "quantity": 1, "csrfmiddlewaretoken": second_token},
    )
    assert response.status_code == 302
    assert CART_COUNT.search(html(second, "/cart/")).group(1) == "1"


def test_a_new_visitor_served_a_kept_product_page_gets_a_csrf_cookie_that_fits(knot):
    Client().get("/products/knot/")
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get("/products/knot/")

    assert "csrftoken" in page.cookies
    token = TOKEN.search(page.content.decode()).group(1)
    posted = visitor.post(
        "/cart/add/", {"product": knot.product_id, "quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302


def test_listing_filters_and_pages_are_kept_apart(client, tree):
    one, other = CooperativeFactory(slug="caihong"), CooperativeFactory(slug="xiwowo")
    tree.add_product(ProductFactory(cooperative=one, name="彩虹结"), slug="rainbow")
    tree.add_product(ProductFactory(cooperative=other, name="喜娃娃"), slug="doll")

    assert "喜娃娃" not in html(client, "/products/?cooperative=caihong")
    assert "彩虹结" not in html(client, "/products/?cooperative=xiwowo")
    # one spelling: empty fields dropped, parameters in any order
    assert served_from_cache(Client(), "/products/?availability=&cooperative=caihong")
    assert "喜娃娃" not in html(Client(), "/products/?page=1&cooperative=caihong")


def test_a_query_no_page_reads_is_rendered_each_time_and_kept_private(client, tree):
    client.get("/?utm_source=wechat")

    assert not served_from_cache(Client(), "/?utm_source=wechat")
    assert "private" in Client().get("/?utm_source=wechat")["Cache-Control"]
    client.get("/products/?page=99")
    assert not served_from_cache(Client(), "/products/?page=99", status=404)


def test_pages_outside_the_showcase_are_never_kept(client, knot):
    client.get("/cart/")
    assert not served_from_cache(Client(), "/cart/")
