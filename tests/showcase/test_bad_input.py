"""Odd page numbers, filters and search strings get a normal page or a 404, never a 500."""

import pytest

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ODD = [
    "",
    "0",
    "-1",
    "abc",
    "1.5",
    "99999999999999999999999999",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "结" * 5000,
    "\u0000\u202e",
    "１２",
]


@pytest.mark.parametrize("value", ODD)
def test_listing_survives_odd_page_numbers_and_filters(client, tree, value):
    tree.add_product(ProductFactory())
    for param in ("page", "category", "cooperative", "availability"):
        response = client.get("/products/", {param: value})
        assert response.status_code in (200, 404), (param, value)


@pytest.mark.parametrize("value", ODD)
def test_story_index_survives_odd_input(client, tree, value):
    for param in ("page", "kind"):
        assert client.get("/stories/", {param: value}).status_code in (200, 404)


@pytest.mark.parametrize("value", ODD)
def test_search_survives_odd_queries(client, tree, value):
    tree.add_product(ProductFactory())
    response = client.get("/search/", {"q": value})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_page_past_the_end_is_a_404(client, tree):
    tree.add_product(ProductFactory())
    assert client.get("/products/", {"page": "2"}).status_code == 404


def test_unknown_page_is_a_styled_404(client, tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "site-header" in response.content.decode()


def test_post_to_search_is_refused(client, tree):
    assert client.post("/search/", {"q": "结"}).status_code == 405
