"""A kept page is served early, before sessions, locale, CSRF and messages run: it still goes
out with every header the rendered page had, the CSRF cookie works as CsrfViewMiddleware's own,
and nothing per request (a CSP nonce, a purge during the rendering) ends up in a shared copy."""

import re
from decimal import Decimal

from django.test import Client

import pytest

from marketplace.models import Product
from showcase.models import HomePage, ProductPage
from showcase.pagecache.store import paths_purge
from tests.factories import ProductFactory
from tests.showcase.page_cache import html, served_from_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Set anew for every answer, kept or rendered.
PER_ANSWER = {"Date", "Age", "X-Request-ID"}
SECURITY = {
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
}


@pytest.fixture(autouse=True)
def hsts(settings):
    settings.SECURE_HSTS_SECONDS = 3600  # sent on HTTPS only: the requests below are secure


@pytest.fixture
def knot(tree):
    product = ProductFactory(name="如意结", price=Decimal("38.00"), stock=5)
    return tree.add_product(product, slug="knot")


def headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name not in PER_ANSWER}


@pytest.mark.parametrize(
    ("url", "language"),
    [("/", "zh-hans"), ("/en/", "en"), ("/products/knot/", "zh-hans"), ("/products/", "zh-hans")],
)
def test_a_kept_page_carries_every_header_of_the_rendered_one(tree, knot, url, language):
    tree.translate(tree.home, title="Home")
    rendered = Client().get(url, secure=True)
    assert served_from_cache(Client(), url) and rendered.status_code == 200

    served = Client().get(url, secure=True)

    assert headers(served) == headers(rendered)
    assert set(served.headers) >= SECURITY
    assert served["Content-Language"] == language
    assert "Cookie" in served["Vary"]
    assert served["Content-Length"] == str(len(served.content))
    assert "X-Request-ID" in served


def test_a_kept_page_is_answered_before_sessions_locale_and_csrf_run(tree):
    Client().get("/")

    request = Client().get("/").wsgi_request

    # The middleware after the page cache never saw the request.
    assert not hasattr(request, "session")
    assert not hasattr(request, "LANGUAGE_CODE")
    assert "CSRF_COOKIE" not in request.META


def test_a_returning_visitor_keeps_her_csrf_cookie_so_an_older_tab_still_posts(knot):
    Client().get("/products/knot/")  # kept
    visitor = Client(enforce_csrf_checks=True)
    first_tab = visitor.get("/products/knot/")
    cookie = visitor.cookies["csrftoken"].value

    assert served_from_cache(visitor, "/products/knot/")
    second_tab = visitor.get("/products/knot/")

    assert visitor.cookies["csrftoken"].value == cookie
    assert TOKEN.search(second_tab.content.decode()) != TOKEN.search(first_tab.content.decode())
    posted = visitor.post(
        "/cart/add/",
        {
            "product": knot.product_id,
            "quantity": 1,
            "csrfmiddlewaretoken": TOKEN.search(first_tab.content.decode()).group(1),
        },
    )
    assert posted.status_code == 302


def test_a_visitor_with_a_malformed_csrf_cookie_gets_a_new_one_that_fits(knot):
    Client().get("/products/knot/")  # kept
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = "not-a-token"

    page = visitor.get("/products/knot/")

    assert visitor.cookies["csrftoken"].value != "not-a-token"
    token = TOKEN.search(page.content.decode()).group(1)
    posted = visitor.post(
        "/cart/add/", {"product": knot.product_id, "quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert posted.status_code == 302


def test_a_visitor_without_a_csrf_cookie_never_gets_a_304_for_a_page_with_a_form(knot):
    kept = Client().get("/products/knot/")

    response = Client().get("/products/knot/", headers={"If-None-Match": kept["ETag"]})

    # Her copy's token is of a cookie she no longer has: she gets the page and a new cookie.
    assert response.status_code == 200 and "csrftoken" in response.cookies


def test_a_page_that_used_the_csp_nonce_is_never_kept(tree, monkeypatch):
    get_context = HomePage.get_context

    def with_an_inline_script(self, request, *args, **kwargs):
        context = get_context(self, request, *args, **kwargs)
        context["nonce"] = str(request._csp_nonce)  # as {{ csp_nonce }} in a template does
        return context

    monkeypatch.setattr(HomePage, "get_context", with_an_inline_script)
    Client().get("/")

    assert not served_from_cache(Client(), "/")
    assert "private" in Client().get("/")["Cache-Control"]


def test_a_page_rendered_before_a_purge_and_stored_after_it_is_never_served(knot, monkeypatch):
    get_context = ProductPage.get_context

    def changed_while_rendering(self, request, *args, **kwargs):
        context = get_context(self, request, *args, **kwargs)  # the rows are read …
        monkeypatch.setattr(ProductPage, "get_context", get_context)
        # … then a new price is committed and purged, and the next visitor keeps the new page,
        Product.objects.filter(pk=knot.product_id).update(price=Decimal("42.00"))
        paths_purge(paths=["/products/knot/"])
        assert "¥42.00" in html(Client(), "/products/knot/")
        return context  # … before this rendering, of the old rows, is stored

    monkeypatch.setattr(ProductPage, "get_context", changed_while_rendering)
    assert "¥38.00" in html(Client(), "/products/knot/")

    page = html(Client(), "/products/knot/")
    assert "¥42.00" in page and "¥38.00" not in page
