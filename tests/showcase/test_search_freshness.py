"""What search finds follows the catalogue: renamed categories, cooperatives and tags, moved
products and published pages are found by their new words, drafts are not; and any query, however
odd, answers with a page."""

import io

from django.core.management import call_command

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from showcase.models import ProductPage
from tests.factories import CategoryFactory, CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["products"]]


def test_a_renamed_category_finds_its_products_by_the_new_name(client, tree):
    category = CategoryFactory(name="编织")
    tree.add_product(ProductFactory(category=category), title="平安结")

    category.name = "中国结"
    category.save()

    assert found(client, "中国结") == ["平安结"]
    assert found(client, "编织") == []


def test_a_renamed_cooperative_finds_its_products_by_the_new_name(client, tree):
    cooperative = CooperativeFactory(name="彩虹家政")
    tree.add_product(ProductFactory(cooperative=cooperative), title="平安结")

    cooperative.name_en = "Rainbow Handweaving"
    cooperative.save()

    assert found(client, "handweaving") == ["平安结"]


def test_a_product_moved_to_another_category_is_found_by_it(client, tree):
    product = ProductFactory()
    tree.add_product(product, title="平安结")

    product.category = CategoryFactory(name="中国结")
    product.save()

    assert found(client, "中国结") == ["平安结"]


def test_a_renamed_tag_finds_its_pages_by_the_new_name(client, tree):
    page = tree.add_product(ProductFactory(), title="平安结")
    page.tags.set(["喜庆"])
    page.save_revision().publish()
    assert found(client, "喜庆") == ["平安结"]

    tag = page.tags.get()
    tag.name = "婚庆"
    tag.save()

    assert found(client, "婚庆") == ["平安结"]
    assert found(client, "喜庆") == []


def test_a_deleted_tag_no_longer_finds_its_pages(client, tree):
    page = tree.add_product(ProductFactory(), title="平安结")
    page.tags.set(["喜庆"])
    page.save_revision().publish()

    page.tags.get().delete()

    assert found(client, "喜庆") == []


def test_a_draft_is_not_searched_until_it_is_published(client, tree):
    page = tree.add_product(ProductFactory(), title="平安结")

    page.title = "福字盘长结"
    revision = page.save_revision()
    assert found(client, "盘长结") == []

    revision.publish()
    assert found(client, "盘长结") == ["福字盘长结"]


def test_search_refresh_fills_pages_that_predate_the_search_columns(client, tree):
    page = tree.add_product(ProductFactory(), title="平安结")
    ProductPage.objects.filter(pk=page.pk).update(search_title="", search_names="", search_text="")
    assert found(client, "平安结") == []

    call_command("search_refresh", stdout=io.StringIO())

    assert found(client, "平安结") == ["平安结"]


def test_a_query_that_matches_nothing_offers_the_kinds_of_product(client, tree):
    knots = CategoryFactory(name="中国结", slug="chinese-knots")
    tree.add_product(ProductFactory(category=knots), title="平安结")

    response = client.get("/search/", {"q": "蓝色独角兽"})

    assert response.status_code == 200
    assert response.context["result_count"] == 0
    html = response.content.decode()
    assert "没有找到与“蓝色独角兽”相关的内容。" in html
    assert 'href="/products/?category=chinese-knots">中国结</a>' in html


@pytest.mark.parametrize(
    "query",
    [
        "结" * 10_000,
        "knot " * 2_000,
        "!!! ??? ……",
        '"',
        '"中国结',
        "*",
        "中国结*",
        "knot OR peace",
        "NEAR(knot peace)",
        "knot AND NOT peace",
        "{title} : knot",
        "^knot",
        "%",
        "_",
        "\\",
        "'; DROP TABLE showcase_productpage; --",
        "中国结\x00",
        "\u200b\ufeff",
        "𠀀𪚥",
    ],
)
def test_an_odd_query_answers_with_a_page(client, tree, query):
    tree.add_product(ProductFactory(), title="平安结")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


def test_like_wildcards_in_a_query_are_matched_literally(client, tree):
    tree.add_product(ProductFactory(), title="平安结")

    assert found(client, "%") == []
    assert found(client, "_") == []
    assert found(client, "平%结") == []


def test_tags_an_editor_publishes_in_the_cms_are_searched(client, tree, admin_user):
    page = tree.add_product(ProductFactory(), title="平安结")
    client.force_login(admin_user)
    form = {
        "title": "平安结",
        "slug": page.slug,
        "product": page.product_id,
        "intro": page.intro,
        "image_alt": "",
        "gallery_images": inline_formset([]),
        "comments": inline_formset([]),
        "body": streamfield([]),
        "tags": "婚庆, 送礼",
        "action-publish": "publish",
    }

    response = client.post(f"/cms/pages/{page.pk}/edit/", nested_form_data(form))

    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    assert found(client, "婚庆") == ["平安结"]
    assert found(client, "送礼") == ["平安结"]
