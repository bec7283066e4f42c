"""Her open work at /work/ tells orders apart (issue 12, point 12): what she can still claim
first, each card with the product's photo, its number, rate, due date and what is left; the
fully claimed folded away below, in a section of their own; and no query per order or photo.
Pages are read in English (/en/) so the assertions hold whatever the Chinese catalogue says;
``mother`` is trained for ``order`` (tests/orders/conftest.py), an open order of 100 knots.
"""

import re

import pytest

from orders.models import OrderMode
from orders.production.services.claims import claim_set
from tests.factories import ProductFactory, make_image
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import claim_page, days, page_queries
from tests.pages import en

pytestmark = pytest.mark.django_db


def open_order(cooperative, **fields):
    """An open order of ``cooperative`` that needs no skill: 100 pieces, 1 to 60 a mother."""
    return ProductionOrderFactory(
        cooperative=cooperative, required_skill=None, max_per_mother=60, **fields
    )


def claimed_in_full(order) -> None:
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=40)


def section(page: str, start: str, end: str = "</details>") -> str:
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def test_a_fully_claimed_order_is_folded_away_below_open_work(mother_client, order):
    """A new mother, holding nothing: the fully claimed order is not among her open work."""
    open_one, full = order, open_order(order.cooperative)
    claimed_in_full(full)

    response = mother_client.get(en("work_open"))
    page = response.content.decode()

    assert [o.pk for o in response.context["orders"]] == [open_one.pk]
    assert [o.pk for o in response.context["full_orders"]] == [full.pk]
    folded = section(page, '<details class="work-full"')
    assert "Fully claimed · 1 order" in folded
    assert claim_page(full) in folded and claim_page(open_one) not in folded
    assert page.index(claim_page(open_one)) < page.index('<details class="work-full"')


def test_too_few_pieces_for_the_smallest_claim_count_as_fully_claimed(mother_client, order):
    claimed_in_full(order)
    few_left = open_order(order.cooperative, min_claim=10)
    claim_set(order=few_left, mother=mother_for(few_left), quantity=60)
    claim_set(order=few_left, mother=mother_for(few_left), quantity=35)  # 5 left

    response = mother_client.get(en("work_open"))

    assert response.context["orders"] == []
    assert {o.pk for o in response.context["full_orders"]} == {order.pk, few_left.pk}
    assert "Every order open to you has been claimed" in response.content.decode()


def test_her_claim_on_a_fully_claimed_order_stays_in_her_work(mother_client, mother, order):
    claim_set(order=order, mother=mother, quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=40)

    folded = section(mother_client.get(en("work_open")).content.decode(), "work-full")
    mine = mother_client.get(en("work_mine"))

    assert "Yours" in folded and "60 pieces" in folded
    assert [claim.order_id for claim in mine.context["page_obj"]] == [order.pk]


def test_a_request_window_is_open_work_whatever_has_been_asked(mother_client, order):
    window = open_order(order.cooperative, mode=OrderMode.REQUEST_WINDOW, quantity=20)

    response = mother_client.get(en("work_open"))

    assert window.pk in {o.pk for o in response.context["orders"]}


def test_a_card_shows_the_product_pages_photo_with_its_description(
    mother_client, cooperative, tree
):
    product = ProductFactory(cooperative=cooperative, name="红色八寸中国结", name_en="Red knot")
    tree.add_product(product, image=make_image("knot"), image_alt="一只红色的盘长结")
    order = open_order(cooperative, product=product)

    page = mother_client.get(en("work_open")).content.decode()

    card = section(page, f'data-order="{order.pk}"', "</li>")
    img = re.search(r"<img [^>]*>", card).group(0)
    assert 'alt="一只红色的盘长结"' in img and ".webp" in img
    assert "card__placeholder" not in card


def test_the_claim_page_shows_the_product_pages_photo_too(mother_client, cooperative, tree):
    product = ProductFactory(cooperative=cooperative)
    tree.add_product(product, image=make_image("knot"), image_alt="一只红色的盘长结")
    order = open_order(cooperative, product=product)

    page = mother_client.get(claim_page(order)).content.decode()

    photo = re.search(r'<img [^>]*class="work-photo"[^>]*>', page).group(0)
    assert 'alt="一只红色的盘长结"' in photo and ".webp" in photo


def test_an_order_photo_goes_before_the_product_pages(mother_client, cooperative, tree):
    product = ProductFactory(cooperative=cooperative, name_en="Red knot")
    tree.add_product(product, image=make_image("page"), image_alt="the page's photo")
    order = open_order(cooperative, product=product, photo=make_image("model-piece"))

    card = section(
        mother_client.get(en("work_open")).content.decode(), f'data-order="{order.pk}"', "</li>"
    )

    assert "model-piece" in card and "the page's photo" not in card
    assert 'alt="Red knot"' in card


def test_two_orders_of_one_product_are_told_apart(mother_client, cooperative):
    product = ProductFactory(cooperative=cooperative, name_en="Red knot")
    soon = open_order(cooperative, product=product, due_date=days(7))
    later = open_order(cooperative, product=product, due_date=days(30), quantity=50)
    claim_set(order=later, mother=mother_for(later), quantity=20)

    page = mother_client.get(en("work_open")).content.decode()

    first = section(page, f'data-order="{soon.pk}"', "</li>")
    second = section(page, f'data-order="{later.pk}"', "</li>")
    assert f"Order {soon.pk}" in first and f"Order {later.pk}" in second
    assert days(7).isoformat() in first and days(30).isoformat() in second
    assert "100 of 100" in first and "30 of 50" in second


def _orders_with_product_photos(tree, cooperative, count: int) -> None:
    for n in range(count):
        product = ProductFactory(cooperative=cooperative)
        tree.add_product(product, image=make_image(f"product-{n}"), image_alt=f"photo {n}")
        open_order(cooperative, product=product)
        claimed_in_full(open_order(cooperative, product=product))


def test_the_query_count_does_not_grow_with_orders_and_their_photos(
    mother_client, cooperative, tree, django_assert_max_num_queries
):
    _orders_with_product_photos(tree, cooperative, 1)
    few = page_queries(mother_client, en("work_open"))

    _orders_with_product_photos(tree, cooperative, 12)
    mother_client.get(en("work_open"))  # makes the new photos' renditions
    with django_assert_max_num_queries(few):
        response = mother_client.get(en("work_open"))

    assert len(response.context["orders"]) == 13 + 1  # and the knots, without a photo
    assert len(response.context["full_orders"]) == 13
    assert len(re.findall(r"<img [^>]*\.webp", response.content.decode())) == 26
