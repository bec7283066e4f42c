"""Factories for the catalogue and a minimal showcase tree (Chinese site root + English copy)."""

import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

import factory
from PIL import Image as PILImage

from marketplace.models import Category, Cooperative, Fulfilment, Membership, Product, Role
from showcase.models import (
    CooperativeIndexPage,
    CooperativePage,
    HomePage,
    ProductIndexPage,
    ProductPage,
    StoryIndexPage,
    StoryPage,
)


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"合作社{n}")
    name_en = factory.Sequence(lambda n: f"Cooperative {n}")
    slug = factory.Sequence(lambda n: f"coop-{n}")
    city = "莱西"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"类别{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    cooperative = factory.SubFactory(CooperativeFactory)
    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"红色中国结{n}")
    name_en = factory.Sequence(lambda n: f"Red knot {n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("38.00")
    fulfilment = Fulfilment.IN_STOCK
    stock = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"1380000{n:04d}")
    first_name = "王秀兰"
    password = factory.django.Password("test-pass-2026")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cooperative = factory.SubFactory(CooperativeFactory)
    role = Role.MOTHER


def make_image(title: str = "photo", color: str = "#b3202a", size=(64, 64)):
    """A small real JPEG stored as a Wagtail image."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class ShowcaseTree:
    """Home and the three index pages in Chinese, set as the default site's root."""

    def __init__(self):
        self.zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        # A transactional test flushes what the migrations made: put the roots back.
        Collection.get_first_root_node() or Collection.add_root(name="Root")
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=self.zh)
        )
        self.home = publish(
            root,
            HomePage(
                title="巾帼好品",
                slug="home-test",
                locale=self.zh,
                hero_heading="妈妈们的手艺",
                hero_text="每一件都出自妈妈之手。",
            ),
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": self.home},
        )
        self.products = publish(self.home, ProductIndexPage(title="巾帼好品", slug="products"))
        self.cooperatives = publish(
            self.home, CooperativeIndexPage(title="合作社", slug="cooperatives")
        )
        self.stories = publish(self.home, StoryIndexPage(title="妈妈的故事", slug="stories"))

    def add_product(self, product: Product | None = None, *, image=None, **kwargs) -> ProductPage:
        product = product or ProductFactory()
        page = ProductPage(
            title=kwargs.pop("title", product.name),
            slug=kwargs.pop("slug", product.sku.lower()),
            product=product,
            intro=kwargs.pop("intro", "一针一线编出来的。"),
            image=image,
            **kwargs,
        )
        return publish(self.products, page)

    def add_cooperative(self, cooperative: Cooperative, *, image=None, **kwargs):
        page = CooperativePage(
            title=cooperative.name,
            slug=cooperative.slug,
            cooperative=cooperative,
            intro="在家门口就业的妈妈们。",
            image=image,
            **kwargs,
        )
        return publish(self.cooperatives, page)

    def add_story(self, *, title: str, date, image=None, **kwargs) -> StoryPage:
        page = StoryPage(
            title=title,
            slug=kwargs.pop("slug", None) or f"story-{StoryPage.objects.count()}",
            date=date,
            intro=kwargs.pop("intro", "接孩子之前，编好十个结。"),
            image=image,
            body=[("paragraph", "<p>她在家里编中国结。</p>")],
            **kwargs,
        )
        return publish(self.stories, page)

    def translate(self, page: Page, *, title: str) -> Page:
        """The English copy of ``page`` (its parents are copied too where missing)."""
        copy = page.copy_for_translation(self.en, copy_parents=True)
        copy.title = title
        copy.save_revision().publish()
        copy.refresh_from_db()
        return copy


def truncated_png(keep: int = 40) -> bytes:
    """The first ``keep`` bytes of a real PNG: its signature and header, then nothing."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), "#b3202a").save(buffer, "PNG")
    return buffer.getvalue()[:keep]
