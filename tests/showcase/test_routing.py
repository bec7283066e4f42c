"""A showcase page's route found ahead of Wagtail (showcase.routing): the same answers, one
query fewer below the home page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def get(client, path: str):
    """The answer, and whether any query read the home page's own table to give it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, any('"showcase_homepage"' in q["sql"] for q in queries)


def test_a_page_below_home_is_found_without_the_home_page_row(client, tree):
    page = tree.add_product(ProductFactory(), title="吉祥结")
    client.get("/")  # the Site kept, as on any warm server

    response, read_home = get(client, page.url)

    assert response.status_code == 200 and "吉祥结" in response.text
    assert not read_home


def test_the_home_page_itself_is_read_as_before(client, tree):
    response, read_home = get(client, "/")

    assert response.status_code == 200
    assert read_home


def test_a_page_not_live_is_404(client, tree):
    page = tree.add_product(ProductFactory(), title="草稿的结")
    page.unpublish()

    assert client.get(f"/products/{page.slug}/").status_code == 404


def test_a_path_that_is_no_page_is_404(client, tree):
    assert client.get("/products/no-such-knot/").status_code == 404
    assert client.get("/no/such/path/").status_code == 404


def test_a_private_page_still_asks_to_sign_in(client, tree):
    page = tree.add_product(ProductFactory(), title="私密的结")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(page.url)

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_english_page_is_routed_from_the_english_home(client, tree):
    page = tree.add_product(ProductFactory(), title="吉祥结")
    tree.translate(tree.home, title="Fine Goods by Women")
    tree.translate(page, title="Lucky knot")

    response, read_home = get(client, f"/en/products/{page.slug}/")

    assert response.status_code == 200 and "Lucky knot" in response.text
    assert not read_home
