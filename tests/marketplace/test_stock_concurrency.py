"""20 buyers check out the last 5 pieces at the same moment: exactly 5 get them.

Real threads, each with its own database connection, through the real views; on SQLite (a
file database with IMMEDIATE transactions) and on PostgreSQL (make test runs both).
"""

import threading
from collections import Counter

from django.db import connection
from django.test import Client

import pytest

from marketplace.models import Product, Purchase, PurchaseLine
from tests.factories import ProductFactory, PurchaseFactory
from tests.marketplace.checkout import checkout_form
from tests.threads import run_together

BUYERS = 20
LAST_PIECES = 5


def checkout_at_once(product: Product, buyers: int) -> list:
    """Each buyer puts one piece in her cart, then all check out together."""
    clients = [Client() for _ in range(buyers)]
    forms = []
    for client in clients:
        assert client.post("/cart/add/", {"product": product.pk, "quantity": 1}).status_code == 302
        forms.append(checkout_form(client))
    barrier = threading.Barrier(buyers)
    outcomes = [None] * buyers

    def buy(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = clients[index].post("/checkout/", forms[index], follow=True)
            html = response.content.decode()
            if response.redirect_chain and "/purchases/" in response.redirect_chain[-1][0]:
                outcomes[index] = "bought"
            elif "售罄" in html or "只剩" in html:
                outcomes[index] = "told sold out"
            else:
                outcomes[index] = f"unexpected {response.status_code}"
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            outcomes[index] = f"error {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twenty_buyers_for_the_last_five_pieces():
    product = ProductFactory(stock=LAST_PIECES, max_per_order=10)

    outcomes = checkout_at_once(product, BUYERS)

    product.refresh_from_db()
    assert Counter(outcomes) == {"bought": LAST_PIECES, "told sold out": BUYERS - LAST_PIECES}
    assert product.stock == 0
    assert Purchase.objects.count() == LAST_PIECES
    assert PurchaseLine.objects.filter(holds_stock=True).count() == LAST_PIECES


@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_return_stock_exactly_once():
    from marketplace.services.purchases import purchase_release

    product = ProductFactory(stock=3)
    purchase = PurchaseFactory(items=[(product, 3)])
    results = run_together(
        [lambda: purchase_release(purchase=Purchase.objects.get(pk=purchase.pk))] * 8
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    product.refresh_from_db()
    assert product.stock == 3
