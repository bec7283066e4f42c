"""One cart submission makes one purchase: the checkout form carries a one-time key.

Two presses of "Continue to payment" at the same moment, a press after the back button, a
second tab: the first purchase is the only one, the stock is held once, and every later
submission lands on it. A stale or forged key changes nothing and says why. The threads run
through the real views on SQLite and on PostgreSQL (make test runs both).
"""

from django.test import Client

import pytest

from marketplace.models import Product, Purchase, PurchaseLine
from tests.factories import ProductFactory
from tests.marketplace.checkout import CHECKOUT_KEY, checkout_form
from tests.threads import run_together

PAIRS = 6
LANDED = "这笔订单已经提交过了"
STALE = "结算页面已过期"


def add(client: Client, product: Product, quantity: int = 1) -> None:
    response = client.post("/cart/add/", {"product": product.pk, "quantity": quantity})
    assert response.status_code == 302


def submit(client: Client, form: dict) -> str:
    """POST the checkout form; returns where it sent the buyer."""
    response = client.post("/checkout/", form)
    assert response.status_code in (200, 302), response.status_code
    return response.get("Location", "")


def press_twice(client: Client, form: dict) -> list:
    """The same form sent twice at the same moment from one browser (one session cookie)."""
    twin = Client()
    twin.cookies = client.cookies
    return run_together([lambda: submit(client, form), lambda: submit(twin, form)])


def stock_of(product: Product) -> int:
    product.refresh_from_db()
    return product.stock


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_of_one_cart_make_one_purchase():
    # given 6 buyers, each with 2 pieces in her cart and the checkout page open
    product = ProductFactory(stock=100, max_per_order=10)
    buyers = [Client() for _ in range(PAIRS)]
    forms = []
    for client in buyers:
        add(client, product, 2)
        forms.append(checkout_form(client))

    # when each presses "Continue to payment" twice at the same moment
    landed = [press_twice(client, form) for client, form in zip(buyers, forms, strict=True)]

    # then each pair made one purchase, both presses land on it, and the stock is held once
    assert Purchase.objects.count() == PAIRS
    for outcome in landed:
        assert not [o for o in outcome if isinstance(o, Exception)], outcome
        assert len(set(outcome)) == 1 and outcome[0].startswith("/purchases/"), outcome
    assert stock_of(product) == 100 - 2 * PAIRS
    assert PurchaseLine.objects.filter(holds_stock=True).count() == PAIRS


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_that_create_an_account_make_one_purchase(
    django_user_model,
):
    product = ProductFactory(stock=10)
    client = Client()
    add(client, product)
    form = checkout_form(client, create_account="on", password="knot-Weaver-77")

    outcome = press_twice(client, form)

    assert not [o for o in outcome if isinstance(o, Exception)], outcome
    purchase = Purchase.objects.get()
    assert outcome == [f"/purchases/{purchase.token}/"] * 2
    assert purchase.buyer == django_user_model.objects.get(username="li@example.com")
    assert stock_of(product) == 9


@pytest.mark.django_db
def test_submitting_again_after_the_back_button_lands_on_the_first_purchase(client):
    product = ProductFactory(stock=10)
    add(client, product, 3)
    form = checkout_form(client)
    first = client.post("/checkout/", form)

    again = client.post("/checkout/", form, follow=True)

    purchase = Purchase.objects.get()
    assert first["Location"] == f"/purchases/{purchase.token}/"
    assert again.redirect_chain[-1][0] == first["Location"]
    assert LANDED in again.content.decode()
    assert stock_of(product) == 7


@pytest.mark.django_db
def test_two_tabs_of_one_cart_make_one_purchase(client):
    product = ProductFactory(stock=10)
    add(client, product)
    first_tab, second_tab = checkout_form(client), checkout_form(client)

    client.post("/checkout/", first_tab)
    response = client.post("/checkout/", second_tab)

    assert response["Location"] == f"/purchases/{Purchase.objects.get().token}/"
    assert stock_of(product) == 9


@pytest.mark.django_db
def test_a_form_opened_before_the_cart_changed_is_refused_and_changes_nothing(client):
    product = ProductFactory(stock=10)
    add(client, product)
    form = checkout_form(client)
    add(client, product)  # another tab adds a piece: the open form shows one, the cart two

    response = client.post("/checkout/", form)

    html = response.content.decode()
    assert response.status_code == 200 and STALE in html
    assert not Purchase.objects.exists() and stock_of(product) == 10
    # the page comes back with a fresh key and what she typed; sent again, it buys both
    fresh = CHECKOUT_KEY.search(html).group(1)
    assert fresh != form["checkout_key"] and ADDRESS_LINE in html
    client.post("/checkout/", {**form, "checkout_key": fresh})
    assert Purchase.objects.get().lines.get().quantity == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["", "forged-" + "x" * 40, "a\x00b" * 10, "k" * 100_000, "../../etc/passwd"]
)
def test_a_missing_or_forged_key_is_refused_and_changes_nothing(client, key):
    product = ProductFactory(stock=10)
    add(client, product)

    response = client.post("/checkout/", checkout_form(client, checkout_key=key))

    assert response.status_code == 200 and STALE in response.content.decode()
    assert not Purchase.objects.exists() and stock_of(product) == 10


@pytest.mark.django_db
def test_a_key_is_good_for_one_cart_of_one_browser(client):
    product = ProductFactory(stock=10)
    add(client, product)
    form = checkout_form(client)
    stranger = Client()
    add(stranger, product)

    response = stranger.post("/checkout/", form)

    assert STALE in response.content.decode()
    assert not Purchase.objects.exists()


ADDRESS_LINE = "水集街道广州路1号"
