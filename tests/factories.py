"""Factories for the catalogue, its people and their purchases, and a minimal showcase tree
(Chinese site root + English copy).

Catalogue rows and memberships are plain rows; purchases and refunds are made by
marketplace's own services (stock held, lines snapshotted, events recorded), so a test never
holds a purchase the app could not have written. Production and money: tests/orders/factories.py.
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

import factory
from PIL import Image as PILImage

from marketplace.models import (
    Category,
    Cooperative,
    Fulfilment,
    Membership,
    MinimumWage,
    Product,
    Purchase,
    Refund,
    Region,
    Role,
)
from marketplace.services.cart import CartLine
from marketplace.services.fulfilment import purchase_refund
from marketplace.services.purchases import Contact, purchase_create, purchase_mark_paid
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


def coordinator_of(cooperative: Cooperative, **kwargs) -> Membership:
    """A coordinator of ``cooperative``, with an email address for the mail she gets."""
    return MembershipFactory(
        cooperative=cooperative,
        role=Role.COORDINATOR,
        user=UserFactory(email="coordinator@example.com"),
        **kwargs,
    )


# Purchases -------------------------------------------------------------------------------

# The buyer of every purchase a test makes, and what the checkout form sends for her.
CONTACT = Contact(
    email="li@example.com",
    recipient="李女士",
    phone="13812345678",
    province="山东省",
    city="青岛市",
    district="莱西市",
    address="水集街道广州路1号",
)


class PurchaseFactory(factory.Factory):
    """A purchase as checkout makes it (``purchase_create``): ``items`` are ``(product,
    quantity)`` pairs (one piece of a new product unless told), in-stock pieces held for the
    buyer; ``intent_id`` is the payment under way at Stripe, if any. ``paid=True`` also marks
    it paid as Stripe's webhook would (with the intent ``pi_test_<pk>`` unless told)."""

    class Meta:
        model = Purchase

    items = factory.LazyFunction(lambda: [(ProductFactory(), 1)])
    contact = CONTACT
    intent_id = ""
    paid = False

    @classmethod
    def _create(cls, model_class, *, items, contact, intent_id, paid) -> Purchase:
        cart = [CartLine(product=p, quantity=qty, seen_price=p.price) for p, qty in items]
        purchase = purchase_create(cart_lines=cart, contact=contact)
        if paid and not intent_id:
            intent_id = f"pi_test_{purchase.pk}"
        if intent_id:
            Purchase.objects.filter(pk=purchase.pk).update(payment_intent_id=intent_id)
        if paid:
            purchase_mark_paid(purchase=purchase, note=intent_id)
        return Purchase.objects.get(pk=purchase.pk)


def paid_purchase(*items: tuple[Product, int]) -> Purchase:
    """A purchase of ``(product, quantity)`` items, paid by card as Stripe's webhook would
    have it: through the same services, with an intent id on record."""
    return PurchaseFactory(items=items, paid=True)


class RefundFactory(factory.Factory):
    """A refund as a coordinator gives one (``purchase_refund``): of ``line`` (the purchase's
    first unless told), ``amount`` yuan. Stripe must be at hand: the ``stripe_refunds``
    fixture, or localstripe."""

    class Meta:
        model = Refund

    purchase = factory.LazyFunction(lambda: paid_purchase((ProductFactory(), 1)))
    line = factory.LazyAttribute(lambda refund: refund.purchase.lines.order_by("pk").first())
    amount = Decimal("10.00")
    reason = "少发一件"
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> Refund:
        return purchase_refund(**fields)


# Pictures and pages ----------------------------------------------------------------------


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


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "qingdao"
    name = "青岛市"
    name_en = "Qingdao"


class MinimumWageFactory(factory.django.DjangoModelFactory):
    """¥24.00 an hour in Qingdao since 2025-10-01 (an example figure)."""

    class Meta:
        model = MinimumWage

    region = factory.SubFactory(RegionFactory)
    hourly = Decimal("24.00")
    effective_from = datetime.date(2025, 10, 1)
    source = "测试用示例 / a test figure"
    is_example = True
