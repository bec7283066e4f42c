"""Shared fragments: a page rendered for a signed-in visitor (whom the page cache never
serves) takes its same-for-everyone parts from the shared cache, and they are as fresh as the
page cache's: whatever purges a page voids its fragments. Nothing of a visitor is kept in them;
a preview neither reads nor writes them."""

import re
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from marketplace.models import Cooperative, Product
from showcase.models import CooperativePage, ProductPage, StoryPage
from showcase.pagecache.fragments import fragment_html
from showcase.pagecache.store import paths_purge
from tests.factories import CategoryFactory, CooperativeFactory, ProductFactory, UserFactory

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
CART_COUNT = re.compile(r'cart-link__count">(\d+)<')
SIGN_OUT = 'action="/accounts/logout/"'
URLS = ("/", "/products/", "/products/knot/", "/cooperatives/caihong/", "/stories/")

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture
def shop(tree):
    """A cooperative with a page, a featured product of it with a gallery-less page and a
    story body, and a story of it."""
    caihong = CooperativeFactory(slug="caihong", name="彩虹手编")
    tree.add_cooperative(caihong)
    knot = ProductFactory(cooperative=caihong, name="如意结", price=Decimal("38.00"), stock=5)
    tree.add_product(
        knot, slug="knot", featured=True, body=[("paragraph", "<p>红绳编了三天。</p>")]
    )
    tree.add_story(title="放学前的编织", date=date(2026, 11, 1), cooperative=caihong)
    return knot


def signed_in(first_name: str = "王秀兰", **defaults) -> Client:
    client = Client(**defaults)
    client.force_login(UserFactory(first_name=first_name))
    return client


def html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return TOKEN.sub("", response.content.decode())


def queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = html(client, url)
    return len(captured), page


# Kept: fewer queries, the same HTML -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_signed_in_visitors_second_view_reads_fewer_rows_and_gets_the_same_page(shop, url):
    client = signed_in()

    first_count, first = queries(client, url)
    second_count, second = queries(client, url)

    assert second == first
    assert second_count < first_count, (first_count, second_count)


@pytest.mark.django_db
def test_a_product_pages_kept_fragments_run_neither_the_gallery_nor_the_makers_query(shop):
    client = signed_in()
    html(client, "/products/knot/")

    with CaptureQueriesContext(connection) as captured:
        html(client, "/products/knot/")

    tables = " ".join(query["sql"] for query in captured)
    assert "showcase_productpagegalleryimage" not in tables
    assert "showcase_cooperativepage" not in tables


@pytest.mark.django_db
def test_without_the_page_cache_nothing_is_kept(shop, settings):
    settings.PAGE_CACHE_ENABLED = False
    client = signed_in()
    queries(client, "/")  # the process keeps the Site from here on (config.sites)
    first_count, _ = queries(client, "/cooperatives/caihong/")
    second_count, _ = queries(client, "/cooperatives/caihong/")
    assert second_count == first_count


# Fresh: whatever purges a page voids its fragments ------------------------------------------


def keep(client: Client, *urls: str) -> None:
    for url in urls:
        html(client, url)


@pytest.mark.django_db(transaction=True)
def test_a_new_product_page_shows_on_its_cooperative_page_and_listing(shop, tree):
    client = signed_in()
    keep(client, *URLS)

    doll = ProductFactory(cooperative=shop.cooperative, name="喜娃娃")
    tree.add_product(doll, slug="doll")

    assert "喜娃娃" in html(client, "/cooperatives/caihong/")
    assert "喜娃娃" in html(client, "/products/")


@pytest.mark.django_db(transaction=True)
def test_an_unpublished_product_page_leaves_the_pages_that_showed_it(shop):
    client = signed_in()
    keep(client, *URLS)

    ProductPage.objects.get(slug="knot").unpublish()

    for url in ("/", "/products/", "/cooperatives/caihong/"):
        assert "如意结" not in html(client, url), url


@pytest.mark.django_db(transaction=True)
def test_a_new_price_shows_everywhere_the_product_is_shown(shop):
    client = signed_in()
    keep(client, *URLS)

    product = Product.objects.get(pk=shop.pk)
    product.price = Decimal("42.00")
    product.save()

    for url in ("/", "/products/", "/cooperatives/caihong/", "/products/knot/"):
        page = html(client, url)
        assert "¥42.00" in page and "¥38.00" not in page, url


@pytest.mark.django_db(transaction=True)
def test_a_sold_out_product_shows_sold_out_everywhere(shop):
    client = signed_in()
    keep(client, *URLS)

    product = Product.objects.get(pk=shop.pk)
    product.stock = 0
    product.save()

    for url in ("/", "/products/", "/cooperatives/caihong/", "/products/knot/"):
        assert "badge--soldout" in html(client, url), url


@pytest.mark.django_db(transaction=True)
def test_a_renamed_cooperative_page_shows_in_the_made_by_line(shop):
    client = signed_in()
    keep(client, "/products/knot/")

    page = CooperativePage.objects.get(slug="caihong")
    page.title = "彩虹妈妈手编社"
    page.save_revision().publish()

    assert "彩虹妈妈手编社" in html(client, "/products/knot/")


@pytest.mark.django_db(transaction=True)
def test_a_renamed_cooperative_shows_in_the_made_by_line_of_a_page_without_its_page(tree):
    cooperative = CooperativeFactory(slug="lanhua", name="兰花手编")
    tree.add_product(ProductFactory(cooperative=cooperative, name="盘扣"), slug="button")
    client = signed_in()
    keep(client, "/products/button/")

    cooperative.name = "兰花妈妈手编"
    cooperative.save()

    assert "兰花妈妈手编" in html(client, "/products/button/")


@pytest.mark.django_db(transaction=True)
def test_an_edited_story_body_shows(shop):
    client = signed_in()
    keep(client, "/products/knot/")

    page = ProductPage.objects.get(slug="knot")
    page.body = [("paragraph", "<p>金线编了五天。</p>")]
    page.save_revision().publish()

    page = html(client, "/products/knot/")
    assert "金线编了五天" in page and "红绳编了三天" not in page


@pytest.mark.django_db(transaction=True)
def test_an_edited_story_shows(shop):
    client = signed_in()
    story = StoryPage.objects.get()
    keep(client, story.url)

    story.body = [("paragraph", "<p>她教会了邻居。</p>")]
    story.save_revision().publish()

    page = html(client, story.url)
    assert "她教会了邻居" in page and "她在家里编中国结" not in page


@pytest.mark.django_db(transaction=True)
def test_a_renamed_cooperative_shows_on_its_stories(shop):
    client = signed_in()
    story = StoryPage.objects.get()
    keep(client, story.url)

    cooperative = Cooperative.objects.get(slug="caihong")
    cooperative.name = "彩虹妈妈手编"
    cooperative.save()

    assert "彩虹妈妈手编" in html(client, story.url)


@pytest.mark.django_db(transaction=True)
def test_a_new_category_shows_in_the_listings_filter(shop):
    client = signed_in()
    keep(client, "/products/")

    CategoryFactory(slug="paper-cut", name="剪纸")

    assert "剪纸" in html(client, "/products/")


@pytest.mark.django_db(transaction=True)
def test_a_page_made_private_leaves_the_pages_that_showed_it_and_is_served_to_no_one(shop):
    client = signed_in()
    keep(client, "/", "/products/", "/cooperatives/caihong/")
    html(Client(), "/products/knot/")  # kept whole for visitors without a session
    page = ProductPage.objects.get(slug="knot")

    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )

    for url in ("/", "/products/", "/cooperatives/caihong/"):
        assert "如意结" not in html(client, url), url
    assert Client().get("/products/knot/").status_code == 302  # to sign in
    restriction.delete()
    assert "如意结" in html(client, "/products/")


# Apart: languages, filters and pages each have their own --------------------------------------


@pytest.mark.django_db
def test_chinese_and_english_fragments_differ(shop, tree):
    tree.translate(tree.products, title="Fine goods")
    client = signed_in()

    chinese, english = html(client, "/products/"), html(client, "/en/products/")
    assert html(client, "/products/") == chinese
    assert html(client, "/en/products/") == english
    assert "Fine goods" in english and "Fine goods" not in chinese
    assert "All categories" in english and "All categories" not in chinese


@pytest.mark.django_db
def test_a_listings_filters_and_pages_have_fragments_of_their_own(shop, tree):
    for number in range(13):  # two pages of twelve
        tree.add_product(ProductFactory(name=f"结{number}"), slug=f"k{number}")
    client = signed_in()
    plain = html(client, "/products/")

    second = html(client, "/products/?page=2")
    filtered = html(client, f"/products/?category={shop.category.slug}")

    assert "结12" in second and "结12" not in plain
    assert "如意结" in filtered and "结0" not in filtered and "结0" in plain
    assert html(client, "/products/") == plain


# Private: nothing of a visitor, no draft -----------------------------------------------------


@pytest.mark.django_db
def test_nothing_of_the_first_visitor_is_in_anothers_page(shop, coordinator_client):
    coordinator_client.post(reverse("cart_add"), {"product": shop.pk, "quantity": 2})
    hers = {url: coordinator_client.get(url).content.decode() for url in URLS}
    assert all(SIGN_OUT in page and CART_COUNT.search(page) for page in hers.values())
    assert all('data-role="coordinator"' in page for page in hers.values())

    other = Client()
    other.cookies["sessionid"] = "a-visitor-whose-session-has-expired"  # no page cache for her
    for url in URLS:
        page = other.get(url).content.decode()
        assert SIGN_OUT not in page and not CART_COUNT.search(page), url
        assert 'data-role="coordinator"' not in page, url


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(username="editor", is_superuser=True, is_staff=True))
    return client


@pytest.mark.django_db
def test_a_preview_neither_reads_nor_writes_fragments(shop, editor_client):
    page = CooperativePage.objects.get(slug="caihong")
    page.location = "姜山镇"
    page.save_revision().publish()
    # At the site's own host, as Wagtail's preview request is: the same fragment's key but for
    # the preview.
    live = signed_in(HTTP_HOST="localhost")
    assert "姜山镇" in html(live, page.url)  # its fragment is kept

    page.location = "草稿里的地点"  # shown only inside the fragment
    revision = page.save_revision()
    preview = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])

    assert "草稿里的地点" in html(editor_client, preview)  # not read from the kept fragment
    cache.clear()
    assert "草稿里的地点" in html(editor_client, preview)
    assert "姜山镇" in html(live, page.url)  # nor written for the live page


# The race --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fragment_rendered_before_a_purge_and_stored_after_it_is_never_served(rf):
    request = rf.get("/products/knot/")

    def purged_while_rendering() -> str:
        paths_purge(paths=["/products/knot/"])  # a new price committed while this renders
        return "old"

    assert fragment_html(request=request, name="x", render=purged_while_rendering) == "old"
    assert fragment_html(request=request, name="x", render=lambda: "new") == "new"
    assert fragment_html(request=request, name="x", render=lambda: "newer") == "new"
