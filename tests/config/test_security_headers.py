"""Content-Security-Policy and Permissions-Policy on the shop's pages, the mother's pages, the
checkout and the purchase page (with Stripe's hosts there only), and the Wagtail admin's
own policy; and no template carries inline script or style that the policy would block.
"""

import re
from pathlib import Path

from django.test import Client

import pytest

from tests.factories import ProductFactory, PurchaseFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.pages import en

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive → sources."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_site_policy(response) -> dict[str, list[str]]:
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    everything = " ".join(sum(csp.values(), []))
    assert "unsafe" not in everything
    features = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in features
    return csp


def awaiting_payment():
    return PurchaseFactory(items=[(ProductFactory(stock=3), 1)])


@pytest.fixture
def product_page(tree):
    return tree.add_product(ProductFactory(stock=5), title="如意中国结")


@pytest.fixture
def order():
    return ProductionOrderFactory()


@pytest.fixture
def mother(order):
    return mother_for(order)


def test_the_shop_pages_carry_the_site_policy(client, tree, product_page):
    for url in (tree.home.url, product_page.url, en("cart"), en("search") + "?q=结"):
        csp = assert_site_policy(client.get(url))
        assert csp["script-src"] == ["'self'"], url


def test_the_checkout_page_carries_the_site_policy(client, product_page):
    client.post(en("cart_add"), {"product": product_page.product.pk, "quantity": 1})
    response = client.get(en("checkout"))
    assert [t.name for t in response.templates][0] == "marketplace/checkout.html"
    assert_site_policy(response)


def test_the_mothers_pages_carry_the_site_policy(mother_client, order):
    for url in (en("work_open"), en("work_order", order.pk), en("work_mine")):
        assert_site_policy(mother_client.get(url))


def test_the_purchase_page_adds_stripe_js_and_its_api_only(client, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:18420"
    settings.STRIPE_JS_URL = "http://127.0.0.1:18420/js.stripe.com/v3/"
    purchase = awaiting_payment()

    csp = assert_site_policy(client.get(en("purchase", purchase.token)))

    assert csp["script-src"] == ["'self'", "http://127.0.0.1:18420"]
    assert csp["connect-src"] == ["'self'", "http://127.0.0.1:18420"]
    assert (
        'payment=(self "http://127.0.0.1:18420")'
        in client.get(en("cart")).headers["Permissions-Policy"]
    )


def test_with_stripe_itself_the_purchase_page_allows_its_frames(client, settings):
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    purchase = awaiting_payment()

    csp = assert_site_policy(client.get(en("purchase", purchase.token)))

    assert "https://js.stripe.com" in csp["script-src"]
    assert "https://api.stripe.com" in csp["connect-src"]
    assert "https://hooks.stripe.com" in csp["frame-src"]


def test_djangos_csrf_failure_page_keeps_its_nonced_style(product_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(en("cart_add"), {"product": product_page.product.pk, "quantity": 1})
    nonce = re.search(r'<style nonce="([^"]+)"', response.content.decode()).group(1)
    assert response.status_code == 403
    assert policy(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]


def test_the_wagtail_admin_has_a_policy_of_its_own(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/cms/")
    csp = policy(response)
    assert response.status_code == 200
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]  # it frames its own previews
    assert csp["object-src"] == ["'none'"]
    assert "camera=()" in response.headers["Permissions-Policy"]


# The templates run no inline script or style, which the policy would block ------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, HANDLER, STYLE], ids=["script", "on", "style"])
def test_no_template_has_inline_script_or_style(pattern):
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []
