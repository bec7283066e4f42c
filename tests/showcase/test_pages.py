"""The showcase pages render, in Chinese and English, with a constant number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

import pytest

from tests.factories import CooperativeFactory, ProductFactory, make_image

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()


def add_products(tree, count: int, cooperative=None, **kwargs):
    cooperative = cooperative or CooperativeFactory()
    return [
        tree.add_product(ProductFactory(cooperative=cooperative, **kwargs), image=make_image())
        for _ in range(count)
    ]


def query_count(client, url: str) -> int:
    """Queries of a warm request (the first one makes the image renditions)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_home_lists_featured_products_cooperatives_and_stories(client, tree):
    coop = CooperativeFactory(name="彩虹手编")
    tree.add_cooperative(coop)
    tree.add_product(ProductFactory(cooperative=coop, name="如意结"), title="如意结", featured=True)
    tree.add_product(ProductFactory(cooperative=coop), title="不该出现的结", featured=False)
    tree.add_story(title="接娃前编十个结", date=datetime.date(2026, 5, 1))

    html = client.get("/").content.decode()

    assert "如意结" in html
    assert "不该出现的结" not in html
    assert "彩虹手编" in html
    assert "接娃前编十个结" in html
    assert '<html lang="zh-Hans">' in html


def test_product_page_reads_price_and_availability_from_the_product(client, tree):
    coop = CooperativeFactory(name="彩虹手编")
    tree.add_cooperative(coop)
    made = ProductFactory(
        cooperative=coop, price="128.50", fulfilment="made_to_order", lead_time_days=12, stock=0
    )
    page = tree.add_product(made, title="百岁平安结")

    html = client.get(page.url).content.decode()

    assert "¥128.50" in html
    assert "定制" in html  # the made-to-order badge, in Chinese
    assert "12" in html
    assert 'href="/cooperatives/' in html  # the maker cooperative's page


def test_sold_out_product_says_so(client, tree):
    page = tree.add_product(ProductFactory(stock=0))
    assert "售罄" in client.get(page.url).content.decode()


def test_cooperative_page_lists_only_its_own_products(client, tree):
    mine, other = CooperativeFactory(), CooperativeFactory()
    page = tree.add_cooperative(
        mine, awards=[("award", {"year": 2023, "title": "山东省优秀女性创业项目"})]
    )
    tree.add_product(ProductFactory(cooperative=mine), title="我们的结")
    tree.add_product(ProductFactory(cooperative=other), title="别人的饽饽")

    html = client.get(page.url).content.decode()

    assert "我们的结" in html
    assert "别人的饽饽" not in html
    assert "山东省优秀女性创业项目" in html


def test_listing_filters_by_category_cooperative_and_availability(client, tree):
    knots, buns = CooperativeFactory(slug="knots"), CooperativeFactory(slug="buns")
    tree.add_product(ProductFactory(cooperative=knots), title="红结")
    tree.add_product(ProductFactory(cooperative=buns, fulfilment="made_to_order"), title="寿桃饽饽")

    by_coop = client.get("/products/?cooperative=buns").content.decode()
    by_availability = client.get("/products/?availability=in_stock").content.decode()

    assert "寿桃饽饽" in by_coop and "红结" not in by_coop
    assert "红结" in by_availability and "寿桃饽饽" not in by_availability


def test_unpublished_or_inactive_products_are_not_listed(client, tree):
    hidden = tree.add_product(ProductFactory(), title="下架的结")
    hidden.product.is_active = False
    hidden.product.save()
    draft = tree.add_product(ProductFactory(), title="草稿的结")
    draft.unpublish()

    html = client.get("/products/").content.decode()

    assert "下架的结" not in html and "草稿的结" not in html


def test_english_site_serves_the_translated_tree(client, tree):
    product_page = tree.add_product(ProductFactory(price="20.00"), title="吉祥结")
    tree.translate(tree.home, title="Fine Goods by Women")
    tree.translate(product_page, title="Lucky knot")

    home = client.get("/en/")
    page = client.get(f"/en/products/{product_page.slug}/")

    assert home.status_code == 200 and '<html lang="en">' in home.content.decode()
    assert "Lucky knot" in page.content.decode()
    assert "Made by" in page.content.decode()
    # the switcher links to the same page in the other language
    assert f'href="/products/{product_page.slug}/"' in page.content.decode()


def test_story_index_filters_by_kind(client, tree):
    tree.add_story(title="培训班开课", date=datetime.date(2026, 3, 1), kind="training")
    tree.add_story(title="王姐的故事", date=datetime.date(2026, 4, 1), kind="mother")

    html = client.get("/stories/?kind=training").content.decode()

    assert "培训班开课" in html and "王姐的故事" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/products/",
        "/stories/",
        "/cooperatives/",
        "/",
    ],
)
def test_pages_answer_in_both_languages(client, tree, url):
    for page in (tree.home, tree.products, tree.cooperatives, tree.stories):
        tree.translate(page, title=f"{page.title} (en)")
    assert client.get(url).status_code == 200
    assert client.get(f"/en{url}").status_code == 200


def test_listing_queries_do_not_grow_with_the_catalogue(
    client, tree, django_assert_max_num_queries
):
    add_products(tree, 10)
    small = query_count(client, "/products/")

    add_products(tree, 190)
    large = query_count(client, "/products/")
    page_9 = query_count(client, "/products/?page=9")

    assert small == large == page_9
    client.get("/products/?page=2")
    with django_assert_max_num_queries(16):
        client.get("/products/?page=2")


def test_product_page_shows_its_gallery(client, tree):
    page = tree.add_product(ProductFactory(), image=make_image("main"))
    page.gallery_images.create(image=make_image("side"), alt_text="侧面的结")
    page.gallery_images.create(image=make_image("back"), alt_text="背面的流苏")
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert 'alt="侧面的结"' in html and 'alt="背面的流苏"' in html


def test_home_cooperative_and_product_queries_are_bounded(
    client, tree, django_assert_max_num_queries
):
    coop = CooperativeFactory()
    coop_page = tree.add_cooperative(coop, image=make_image())
    pages = add_products(tree, 8, cooperative=coop)
    for page in pages:
        page.featured = True
        page.save_revision().publish()
    for n in range(4):
        tree.add_story(title=f"故事{n}", date=datetime.date(2026, 1, n + 1), image=make_image())
    home, coop_count, product = (
        query_count(client, "/"),
        query_count(client, coop_page.url),
        query_count(client, pages[0].url),
    )

    add_products(tree, 20, cooperative=coop)
    assert query_count(client, "/") == home
    assert query_count(client, coop_page.url) == coop_count
    assert query_count(client, pages[0].url) == product
    with django_assert_max_num_queries(18):
        client.get("/")
    with django_assert_max_num_queries(16):
        client.get(pages[0].url)


def test_warm_pages_generate_no_renditions(client, tree):
    coop = CooperativeFactory()
    coop_page = tree.add_cooperative(coop, image=make_image())
    product_page = add_products(tree, 3, cooperative=coop)[0]
    urls = ["/", "/products/", coop_page.url, product_page.url]
    for url in urls:
        client.get(url)  # cold: renditions are made once
    made = Rendition.objects.count()
    assert made > 0

    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200

    assert Rendition.objects.count() == made
    rendition_table = Rendition._meta.db_table
    assert not [q for q in queries if q["sql"].startswith("INSERT") and rendition_table in q["sql"]]
