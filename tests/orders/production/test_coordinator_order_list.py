"""The coordinator's list of production orders at /co/orders/: a table (cards on a phone)
filtered by status (under way by default) and searched by product, SKU or the purchase an
order serves, never finding another cooperative's order, bad input answered with the normal
page, the filter and search kept from page to page, at a constant number of queries."""

import pytest

from marketplace.models import Role
from orders.models import OrderStatus, ProductionOrder
from tests.factories import MembershipFactory, ProductFactory, paid_purchase
from tests.orders.factories import ProductionOrderFactory, knot_order
from tests.pages import en, page


def listed(response) -> set[int]:
    return {order.pk for order in response.context["page_obj"]}


@pytest.fixture
def knots(coordinator):
    return knot_order(coordinator.cooperative)


@pytest.fixture
def buns(coordinator):
    product = ProductFactory(
        cooperative=coordinator.cooperative, name="寿桃花饽饽", name_en="Peach buns", sku="BUN-9"
    )
    return ProductionOrderFactory(cooperative=coordinator.cooperative, product=product)


def test_the_list_is_a_table_with_a_label_on_every_cell(coordinator_client, knots):
    html = page(coordinator_client.get(en("co_orders")))

    assert '<table class="list-table" id="orders"' in html
    assert 'data-label="Awaiting inspection"' in html
    assert "css/lists" in html


@pytest.mark.parametrize(
    ("tab", "status"),
    [
        ("live", OrderStatus.OPEN),
        ("draft", OrderStatus.DRAFT),
        ("completed", OrderStatus.COMPLETED),
        ("cancelled", OrderStatus.CANCELLED),
    ],
)
def test_each_tab_lists_its_orders(coordinator_client, coordinator, tab, status):
    orders = {
        s: ProductionOrderFactory(cooperative=coordinator.cooperative, status=s)
        for s in (OrderStatus.OPEN, OrderStatus.DRAFT, OrderStatus.COMPLETED, OrderStatus.CANCELLED)
    }

    response = coordinator_client.get(en("co_orders"), {"tab": tab})

    assert listed(response) == {orders[status].pk}


@pytest.mark.parametrize("typed", ["花饽饽", "peach BUNS", "bun-9"])
def test_she_finds_orders_by_product_or_sku(coordinator_client, knots, buns, typed):
    response = coordinator_client.get(en("co_orders"), {"q": typed})

    assert listed(response) == {buns.pk}
    counts = {f["label"]: f["count"] for f in response.context["filters"]}
    assert counts["Under way"] == 1


def test_she_finds_the_order_that_serves_a_purchase(coordinator_client, knots, buns):
    purchase = paid_purchase((buns.product, 2))
    buns.serves.set(purchase.lines.all())

    for typed in (purchase.reference, str(purchase.pk)):
        assert listed(coordinator_client.get(en("co_orders"), {"q": typed})) == {buns.pk}


def test_another_cooperatives_orders_are_not_found(coordinator_client, knots):
    theirs = knot_order(MembershipFactory(role=Role.COORDINATOR).cooperative)
    purchase = paid_purchase((theirs.product, 1))
    theirs.serves.set(purchase.lines.all())

    for typed in ("八寸", purchase.reference, theirs.product.sku):
        response = coordinator_client.get(en("co_orders"), {"q": typed})
        assert theirs.pk not in listed(response), typed
        assert f'data-order="{theirs.pk}"' not in page(response)


@pytest.mark.parametrize(
    "params",
    [
        {"tab": "nonsense"},
        {"tab": "<b>x</b>"},
        {"q": "结\x00"},
        {"q": "结" * 5000},
        {"q": "JG" + "9" * 30},
        {"q": "%"},
        {"page": "abc"},
    ],
)
def test_bad_filter_or_search_gives_the_normal_page(coordinator_client, knots, params):
    response = coordinator_client.get(en("co_orders"), params)

    assert response.status_code == 200
    assert response.context["tab"] == "live"
    assert "<b>x</b>" not in page(response)


def test_the_pages_keep_the_tab_and_the_search(coordinator_client, knots):
    for _ in range(31):
        ProductionOrderFactory(
            cooperative=knots.cooperative, product=knots.product, status=OrderStatus.DRAFT
        )

    first = coordinator_client.get(en("co_orders"), {"tab": "draft", "q": "八寸"})
    second = coordinator_client.get(en("co_orders"), {"tab": "draft", "q": "八寸", "page": 2})

    assert 'rel="next" href="?tab=draft&amp;q=%E5%85%AB%E5%AF%B8&amp;page=2"' in page(first)
    assert len(listed(first)) == 30 and len(listed(second)) == 1
    assert 'name="tab" value="draft"' in page(first)


def test_the_list_costs_the_same_queries_for_1_order_or_25(
    coordinator_client, knots, buns, django_assert_max_num_queries
):
    for count in (1, 25):
        while ProductionOrder.objects.filter(product=knots.product).count() < count:
            ProductionOrderFactory(cooperative=knots.cooperative, product=knots.product)
        for params, listed_count in (({}, count + 1), ({"q": "八寸"}, count)):
            # The page's 7 queries plus the header's one role lookup, whatever the count.
            with django_assert_max_num_queries(8):
                response = coordinator_client.get(en("co_orders"), params)
            assert len(listed(response)) == listed_count, params
