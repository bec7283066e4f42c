"""seed_demo builds a believable world once; a second run duplicates nothing."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Page, Site

import pytest

from marketplace.models import Cooperative, Membership, Product, Role
from showcase.models import CooperativePage, HomePage, ProductPage, StoryPage

pytestmark = pytest.mark.django_db

COUNTED = [Page, Product, Cooperative, Membership, get_user_model(), get_image_model()]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo world, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0, allow_without_debug=True)
        yield
        transaction.set_rollback(True)


def test_seed_demo_builds_the_demo_world(seeded):
    assert (
        Cooperative.objects.filter(name__in=["彩虹手编", "喜我我花饽饽", "开心家庭农场"]).count()
        == 3
    )
    assert Product.objects.count() >= 15
    assert Product.objects.filter(fulfilment="made_to_order").exists()
    assert Product.objects.filter(fulfilment="in_stock", stock__gt=0).exists()
    assert StoryPage.objects.filter(locale__language_code="zh-hans").count() >= 5
    assert Membership.objects.filter(role=Role.MOTHER).values("user").distinct().count() >= 8
    assert Membership.objects.filter(role=Role.COORDINATOR).count() >= 3
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)


def test_every_chinese_page_has_an_english_translation(seeded):
    for page in Page.objects.filter(locale__language_code="zh-hans", depth__gt=1):
        assert page.get_translations().filter(locale__language_code="en").exists(), page


def test_seed_demo_twice_duplicates_nothing(seeded):
    before = counts()
    call_command("seed_demo", verbosity=0, allow_without_debug=True)
    assert counts() == before


def test_demo_pages_answer_in_chinese_and_english(seeded, client):
    product = ProductPage.objects.filter(locale__language_code="zh-hans").first()
    cooperative = CooperativePage.objects.filter(locale__language_code="zh-hans").first()
    story = StoryPage.objects.filter(locale__language_code="zh-hans").first()
    paths = [
        "/",
        "/products/",
        product.url,
        "/cooperatives/",
        cooperative.url,
        "/stories/",
        story.url,
        "/search/?q=结",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
        english = "/en/search/?q=knot" if path.startswith("/search") else "/en" + path
        assert client.get(english).status_code == 200, english
