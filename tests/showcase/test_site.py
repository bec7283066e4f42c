"""Sitemap, page titles and meta, and the Wagtail admin's catalogue screens."""

import pytest

from tests.factories import CooperativeFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_live_pages(client, tree):
    page = tree.add_product(ProductFactory(), title="吉祥结")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert f"/products/{page.slug}/" in response.content.decode()


def test_product_page_has_title_and_description(client, tree):
    page = tree.add_product(ProductFactory(), title="吉祥结", intro="手工编织的吉祥结。")
    html = client.get(page.url).content.decode()
    assert "<title>吉祥结 · 巾帼好品 · 妈妈岗</title>" in html
    assert '<meta name="description" content="手工编织的吉祥结。">' in html


def test_pages_load_nothing_from_other_hosts(client, tree):
    page = tree.add_product(ProductFactory())
    html = client.get(page.url).content.decode()
    for attribute in ('src="http', "src='http", 'href="http', "url(http", 'src="//', 'href="//'):
        assert attribute not in html


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["cooperative", "category", "product"])
def test_catalogue_is_edited_in_the_wagtail_admin(admin_client, model):
    ProductFactory(cooperative=CooperativeFactory(name="彩虹手编"))
    listing = admin_client.get(f"/cms/snippets/marketplace/{model}/")
    create = admin_client.get(f"/cms/snippets/marketplace/{model}/add/")
    assert listing.status_code == 200
    assert create.status_code == 200


def test_admin_is_closed_to_the_public(client, db):
    response = client.get("/cms/snippets/marketplace/product/")
    assert response.status_code == 302
    assert "/cms/login/" in response["Location"]
