"""The coordinator's list of paid lines at /co/lines/: filtered by state (what she still has
to handle by default, with a title that says so), searched by purchase number, buyer's phone
or product, never showing another cooperative's purchase, bad input answered with the normal
page, the filter and search kept from page to page, at a constant number of queries."""

import dataclasses
from decimal import Decimal

import pytest

from marketplace.models import LineStatus, Product, PurchaseLine, Role
from tests.factories import CONTACT, MembershipFactory, ProductFactory, PurchaseFactory
from tests.pages import en, page


@pytest.fixture
def knot(cooperative) -> Product:
    return ProductFactory(
        cooperative=cooperative, name="如意结", name_en="Ruyi knot", price=Decimal("38"), stock=50
    )


def bought(product: Product, *, status=LineStatus.PAID, phone=CONTACT.phone) -> PurchaseLine:
    """A paid line of one ``product`` in ``status``, bought from ``phone``."""
    contact = dataclasses.replace(CONTACT, phone=phone)
    line = PurchaseFactory(items=[(product, 1)], contact=contact, paid=True).lines.get()
    PurchaseLine.objects.filter(pk=line.pk).update(status=status)
    return line


@pytest.fixture
def one_of_each(knot) -> dict[str, PurchaseLine]:
    return {status: bought(knot, status=status) for status in list(LineStatus)[1:]}


def listed(response) -> set[int]:
    return {line.pk for line in response.context["page_obj"]}


def ids(*lines: PurchaseLine) -> set[int]:
    return {line.pk for line in lines}


# Filtering by state ----------------------------------------------------------------------


def test_by_default_it_lists_what_she_has_to_handle_and_says_so(coordinator_client, one_of_each):
    response = coordinator_client.get(en("co_lines"))

    assert listed(response) == ids(one_of_each["paid"], one_of_each["packed"])
    assert one_of_each["delivered"].pk not in listed(response)
    assert "<h1>Orders to handle</h1>" in page(response)


@pytest.mark.parametrize(
    ("state", "statuses", "title"),
    [
        ("pending", ["paid", "packed"], "Orders to handle"),
        ("shipped", ["shipped"], "Shipped orders"),
        ("delivered", ["delivered"], "Delivered orders"),
        ("cancelled", ["cancelled"], "Cancelled orders"),
        ("all", ["paid", "packed", "shipped", "delivered", "cancelled"], "All orders"),
    ],
)
def test_each_state_lists_its_lines_under_its_title(
    coordinator_client, one_of_each, state, statuses, title
):
    response = coordinator_client.get(en("co_lines"), {"status": state})

    assert listed(response) == ids(*(one_of_each[status] for status in statuses))
    html = page(response)
    assert f"<h1>{title}</h1>" in html
    counts = {f["label"]: f["count"] for f in response.context["filters"]}
    assert counts == {"To handle": 2, "Shipped": 1, "Delivered": 1, "Cancelled": 1, "All": 5}


def test_the_title_is_chinese_in_chinese(coordinator_client, one_of_each):
    html = page(coordinator_client.get("/co/lines/", {"status": "delivered"}))

    assert "<h1>已送达订单</h1>" in html


# Searching -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{ref}", "{ref_lower}", "{pk}", " {ref} "])
def test_she_finds_a_purchase_by_its_number(coordinator_client, knot, typed):
    wanted, other = bought(knot), bought(knot)
    reference = wanted.purchase.reference
    query = typed.format(ref=reference, ref_lower=reference.lower(), pk=wanted.purchase_id)

    response = coordinator_client.get(en("co_lines"), {"q": query})

    assert listed(response) == {wanted.pk}
    assert f'data-line="{other.pk}"' not in page(response)


@pytest.mark.parametrize("typed", ["13912340000", "139 1234 0000", "+86 139-1234-0000", "0000"])
def test_she_finds_a_purchase_by_the_buyers_phone(coordinator_client, knot, typed):
    wanted = bought(knot, phone="13912340000")
    bought(knot, phone="13812345678")

    assert listed(coordinator_client.get(en("co_lines"), {"q": typed})) == {wanted.pk}


@pytest.mark.parametrize("typed", ["如意", "ruyi KNOT"])
def test_she_finds_lines_by_product_in_either_language(coordinator_client, knot, typed):
    wanted = bought(knot)
    bought(ProductFactory(cooperative=knot.cooperative, name="花饽饽", name_en="Steamed buns"))

    assert listed(coordinator_client.get(en("co_lines"), {"q": typed})) == {wanted.pk}


def test_the_search_keeps_to_the_state_and_offers_all_states(coordinator_client, knot):
    delivered = bought(knot, status=LineStatus.DELIVERED)
    reference = delivered.purchase.reference

    pending = coordinator_client.get(en("co_lines"), {"q": reference})
    everywhere = coordinator_client.get(en("co_lines"), {"q": reference, "status": "all"})

    assert listed(pending) == set()
    assert "No order here matches your search." in page(pending)
    assert f'href="?status=all&amp;q={reference}"' in page(pending)
    assert listed(everywhere) == {delivered.pk}
    counts = {f["label"]: f["count"] for f in pending.context["filters"]}
    assert counts["Delivered"] == 1 and counts["To handle"] == 0


def test_another_cooperatives_purchase_is_not_found_by_any_search(coordinator_client, knot):
    product = ProductFactory(name="如意结", name_en="Ruyi knot")
    MembershipFactory(cooperative=product.cooperative, role=Role.COORDINATOR)
    theirs = bought(product, phone="13700001111")
    mine = bought(knot)

    for query in (theirs.purchase.reference, str(theirs.purchase_id), "13700001111", "1111"):
        response = coordinator_client.get(en("co_lines"), {"q": query, "status": "all"})
        assert listed(response) == set(), query
        assert f'data-line="{theirs.pk}"' not in page(response)
    found = coordinator_client.get(en("co_lines"), {"q": "如意", "status": "all"})
    assert listed(found) == {mine.pk}
    assert sum(f["count"] for f in found.context["filters"] if f["label"] == "All") == 1


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"status": "<script>alert(1)</script>"},
        {"status": "paid"},
        {"status": ""},
        {"q": "如意\x00结"},
        {"q": "结" * 5000},
        {"q": "JG" + "9" * 30},
        {"q": "9" * 30},
        {"q": "%_\\"},
        {"q": "   "},
        {"page": "99999", "q": "如意"},
        {"page": "-1"},
    ],
)
def test_bad_filter_or_search_gives_the_normal_page(coordinator_client, knot, params):
    line = bought(knot)

    response = coordinator_client.get(en("co_lines"), params)

    assert response.status_code == 200
    assert "<h1>Orders to handle</h1>" in page(response)
    assert response.context["state"] == "pending"
    assert "<script>alert" not in page(response)
    if set(params) <= {"status", "page"} or params.get("q", "").strip() == "":
        assert listed(response) == {line.pk}


# Pages -----------------------------------------------------------------------------------


def test_the_pages_keep_the_filter_and_the_search(coordinator_client, knot):
    for _ in range(31):
        bought(knot, status=LineStatus.SHIPPED)

    first = coordinator_client.get(en("co_lines"), {"status": "shipped", "q": "如意"})
    second = coordinator_client.get(en("co_lines"), {"status": "shipped", "q": "如意", "page": 2})

    assert 'rel="next" href="?status=shipped&amp;q=%E5%A6%82%E6%84%8F&amp;page=2"' in page(first)
    assert len(listed(first)) == 30 and len(listed(second)) == 1
    assert 'name="status" value="shipped"' in page(first)


def test_the_list_costs_the_same_queries_for_1_line_or_30(
    coordinator_client, knot, django_assert_max_num_queries
):
    # Neither to handle, nor 如意, nor bought from 138…: filtered and searched away.
    other = ProductFactory(cooperative=knot.cooperative, name="花饽饽", name_en="Buns")
    bought(other, status=LineStatus.DELIVERED, phone="13900000000")
    for count in (1, 30):
        while PurchaseLine.objects.count() < count + 1:
            bought(ProductFactory(cooperative=knot.cooperative, name="如意结", stock=5))
        for params in ({}, {"status": "all", "q": "如意"}, {"q": "13812345678"}):
            # The page's 6 queries plus the header's one role lookup, whatever the count.
            with django_assert_max_num_queries(7):
                response = coordinator_client.get(en("co_lines"), params)
            assert len(listed(response)) == count, params
