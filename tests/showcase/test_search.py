"""Wagtail search over products, cooperatives and stories finds Chinese words inside titles."""

import datetime

import pytest

from tests.factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_chinese_word_inside_a_title(client, tree):
    tree.add_product(ProductFactory(), title="红色中国结挂饰")
    tree.add_product(ProductFactory(), title="寿桃花饽饽")

    html = client.get("/search/", {"q": "中国结"}).content.decode()

    assert "红色中国结挂饰" in html
    assert "寿桃花饽饽" not in html


def test_search_covers_stories_and_cooperatives(client, tree):
    tree.add_story(title="妈妈班车开进村", date=datetime.date(2026, 6, 1))
    tree.add_cooperative(CooperativeFactory(name="喜我我花饽饽"))

    stories = client.get("/search/", {"q": "班车"}).content.decode()
    coops = client.get("/search/", {"q": "花饽饽"}).content.decode()

    assert "妈妈班车开进村" in stories
    assert "喜我我花饽饽" in coops


def test_search_stays_in_the_active_language(client, tree):
    page = tree.add_product(ProductFactory(), title="平安结")
    tree.translate(tree.home, title="Home")
    tree.translate(page, title="Peace knot")

    assert "Peace knot" in client.get("/en/search/", {"q": "knot"}).content.decode()
    assert "Peace knot" not in client.get("/search/", {"q": "knot"}).content.decode()


def test_search_queries_are_bounded(client, tree, django_assert_max_num_queries):
    for n in range(30):
        tree.add_product(ProductFactory(), title=f"中国结{n}")
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "中国结"})
    assert response.status_code == 200
