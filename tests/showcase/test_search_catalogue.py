"""Search over a catalogue like the demo's: a product is found by its title, text, category,
cooperative and tags, in Chinese and in English, the best matches first."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from showcase.models import ProductPage
from tests.factories import CategoryFactory, CooperativeFactory, ProductFactory, make_image

pytestmark = pytest.mark.django_db

# The demo's 中国结 category (marketplace/demo/data/catalogue.toml): only two titles say 中国结.
KNOTS = {
    "红色8寸平安结挂饰": "Red 8-inch peace knot",
    "福字盘长结（大号）": "Large endless knot with 福 (good fortune)",
    "车挂平安结": "Peace knot for the car mirror",
    "喜字婚庆结（一对）": "Double-happiness wedding knots (pair)",
    "手编红绳转运手链": "Hand-braided red-cord bracelet",
    "中国结钥匙扣（10个装）": "Chinese-knot key rings (pack of 10)",
    "企业年会定制中国结（单个）": "Custom Chinese knots for companies (per piece)",
}
BUNS = {
    "寿桃花饽饽（8个装）": "Longevity-peach buns (box of 8)",
    "喜饽饽婚庆礼盒": "Wedding bun gift box",
}
TAGS = {"喜字婚庆结（一对）": ["婚庆", "喜字"], "喜饽饽婚庆礼盒": ["婚庆", "礼盒"]}
TAGS_EN = {"喜字婚庆结（一对）": ["marriage"], "喜饽饽婚庆礼盒": ["marriage", "gift"]}


def tag(page: ProductPage, names: list[str]) -> ProductPage:
    page.tags.set(names)
    page.save_revision().publish()
    return page


@pytest.fixture
def catalogue(tree):
    """Seven knots of 彩虹手编 and two buns of 喜我我, each with its English translation."""
    tree.translate(tree.home, title="Home")
    shops = [
        (
            KNOTS,
            CategoryFactory(name="中国结", name_en="Chinese knots"),
            CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving"),
        ),
        (
            BUNS,
            CategoryFactory(name="花饽饽", name_en="Decorative steamed buns"),
            CooperativeFactory(name="喜我我花饽饽", name_en="Xiwowo Buns"),
        ),
    ]
    for titles, category, cooperative in shops:
        for title, title_en in titles.items():
            product = ProductFactory(
                name=title, name_en=title_en, category=category, cooperative=cooperative
            )
            page = tag(tree.add_product(product, title=title, intro="妈妈们在家做的。"), [])
            if title in TAGS:
                tag(page, TAGS[title])
            english = tree.translate(page, title=title_en)
            english.intro = "Made at home by mothers."
            tag(english, TAGS_EN.get(title, []))
    return tree


def found(client, query: str, *, prefix: str = "") -> list[str]:
    response = client.get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["products"]]


def test_a_category_name_finds_every_product_in_it(client, catalogue):
    assert sorted(found(client, "中国结")) == sorted(KNOTS)


def test_the_english_category_name_finds_the_same_products_in_english(client, catalogue):
    assert sorted(found(client, "knot", prefix="/en")) == sorted(KNOTS.values())
    assert sorted(found(client, "Chinese knots", prefix="/en")) == sorted(KNOTS.values())


def test_a_cooperative_name_finds_its_products(client, catalogue):
    assert sorted(found(client, "彩虹手编")) == sorted(KNOTS)
    assert sorted(found(client, "喜我我")) == sorted(BUNS)
    assert sorted(found(client, "rainbow", prefix="/en")) == sorted(KNOTS.values())


def test_a_tag_finds_its_products(client, catalogue):
    assert sorted(found(client, "婚庆")) == sorted(TAGS)
    assert found(client, "礼盒") == ["喜饽饽婚庆礼盒"]
    assert sorted(found(client, "marriage", prefix="/en")) == sorted(
        [KNOTS["喜字婚庆结（一对）"], BUNS["喜饽饽婚庆礼盒"]]
    )


def test_every_word_must_be_found_somewhere(client, catalogue):
    assert found(client, "平安 车挂") == ["车挂平安结"]
    assert sorted(found(client, "中国结 婚庆")) == ["喜字婚庆结（一对）"]


def test_a_title_match_ranks_above_a_match_in_the_text(client, tree):
    # given a featured page, earlier in the tree, that says 平安 only in its story
    tree.add_product(
        ProductFactory(), title="红绳手链", intro="戴上它保平安。", featured=True, slug="a-first"
    )
    tree.add_product(ProductFactory(), title="车挂平安结", intro="挂在车里。", slug="b-second")

    assert found(client, "平安") == ["车挂平安结", "红绳手链"]


def test_a_name_match_ranks_between_title_and_text(client, tree):
    knots = CategoryFactory(name="中国结")
    tree.add_product(ProductFactory(), title="红绳", intro="一只中国结。", slug="a-text")
    tree.add_product(ProductFactory(category=knots), title="平安扣", slug="b-category")
    tree.add_product(ProductFactory(), title="中国结挂饰", slug="c-title")

    assert found(client, "中国结") == ["中国结挂饰", "平安扣", "红绳"]


def test_search_is_case_and_width_blind(client, catalogue):
    assert found(client, "ＫＮＯＴ", prefix="/en") == found(client, "knot", prefix="/en")
    assert found(client, "PEACH", prefix="/en") == ["Longevity-peach buns (box of 8)"]


def test_a_results_page_takes_as_many_queries_for_thirty_products_as_for_two(client, tree):
    def add(n: int) -> None:
        page = tree.add_product(
            ProductFactory(), title=f"中国结{n}", image=make_image(f"k{n}", "#b3202a", (60, 60))
        )
        tag(page, ["送礼"])

    def queries() -> int:
        client.get("/search/", {"q": "中国结 送礼"})  # renditions are made on the first view
        with CaptureQueriesContext(connection) as context:
            assert found(client, "中国结 送礼")
        return len(context)

    for n in range(2):
        add(n)
    few = queries()
    for n in range(2, 30):
        add(n)

    assert queries() == few
