"""Reads for showcase pages, each returning a queryset with its joins and prefetches inside.

Listings render a fixed set of image renditions; prefetching them keeps the number of queries
per page constant however large the catalogue grows. ``locale`` is a Locale or its id: a page
passes its ``locale_id``, which costs no query (``page.locale`` would fetch the row).
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.lookups import StartsWith

from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction

from marketplace.models import Category, Cooperative

# The rendition specs the templates use; keep them in step with templates/includes/*.html.
CARD_RENDITION = "fill-480x480|format-webp"
HERO_RENDITION = "fill-1200x600|format-webp"
WIDE_RENDITION = "fill-960x540|format-webp"
GALLERY_RENDITIONS = ("fill-960x960|format-webp", "fill-160x160|format-webp")

# What a card shows (templates/includes/*_card.html) and {% pageurl %} reads (url_path). A card
# never loads the rest of its page, such as the story's StreamField or the search columns: on a
# page model every column costs compiling and converting, about half of a listing's query.
CARD_FIELDS = ("title", "url_path", "path", "depth", "image", "image_alt")
PRODUCT_CARD_FIELDS = (
    *CARD_FIELDS,
    "product__price",
    "product__currency",
    "product__fulfilment",
    "product__stock",
    "product__cooperative__name",
    "product__cooperative__name_en",
)


def _with_image(queryset: QuerySet, *specs: str) -> QuerySet:
    """Each page's image joined to its row and their renditions of ``specs`` in one more
    query: prefetching the images too would cost a query of its own."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    return queryset.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


def _public(pages: QuerySet, *, for_search: bool) -> QuerySet:
    """``pages`` outside every private section, as Wagtail's ``public()``, but in the query
    itself: ``public()`` reads all view restrictions first, one more query per listing. A
    queryset to ``.search()`` keeps ``public()``: search backends take plain lookups only."""
    if for_search:
        return pages.public()
    restricting = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    return pages.exclude(Exists(restricting))


def product_pages(locale: Locale | int) -> QuerySet:
    ProductPage = apps.get_model("showcase", "ProductPage")
    pages = (
        _public(ProductPage.objects.live(), for_search=False)
        .filter(locale=locale, product__is_active=True)
        .select_related("product", "product__cooperative")
        .only(*PRODUCT_CARD_FIELDS)
        .order_by("-featured", "path")
    )
    return _with_image(pages, CARD_RENDITION)


def cooperative_pages(locale: Locale | int, *, for_search: bool = False) -> QuerySet:
    CooperativePage = apps.get_model("showcase", "CooperativePage")
    pages = (
        _public(CooperativePage.objects.live(), for_search=for_search)
        .filter(locale=locale)
        .only(*CARD_FIELDS, "location", "intro")
        .order_by("path")
    )
    return _with_image(pages, CARD_RENDITION)


def story_pages(locale: Locale | int, *, for_search: bool = False) -> QuerySet:
    StoryPage = apps.get_model("showcase", "StoryPage")
    pages = (
        _public(StoryPage.objects.live(), for_search=for_search)
        .filter(locale=locale)
        .only(*CARD_FIELDS, "kind", "date", "intro")
        .order_by("-date", "-pk")
    )
    return _with_image(pages, CARD_RENDITION)


def product_index_page(locale: Locale | int):
    """The live product listing in ``locale``, or None."""
    ProductIndexPage = apps.get_model("showcase", "ProductIndexPage")
    return ProductIndexPage.objects.live().filter(locale=locale).first()


def cooperative_page_for(cooperative_id: int, locale: Locale | int):
    """What a product page's "Made by" line shows of its cooperative's page and links to
    (not its StreamFields: the whole row cost as much as the product page's own query)."""
    CooperativePage = apps.get_model("showcase", "CooperativePage")
    return (
        CooperativePage.objects.live()
        .filter(cooperative_id=cooperative_id, locale=locale)
        .only("title", "url_path", "path", "depth", "location")
        .first()
    )


def gallery_images(page) -> QuerySet:
    return _with_image(page.gallery_images.all(), *GALLERY_RENDITIONS)


def categories() -> QuerySet:
    return Category.objects.all()


def cooperatives() -> QuerySet:
    return Cooperative.objects.filter(is_active=True)


@dataclass(frozen=True)
class ProductFilters:
    """The listing's filters, read from the query string; unknown values are ignored."""

    category: str = ""
    cooperative: str = ""
    availability: str = ""

    @classmethod
    def from_query(cls, query) -> "ProductFilters":
        def clean(name: str) -> str:
            value = query.get(name, "")
            return value[:80] if value.replace("-", "").replace("_", "").isalnum() else ""

        return cls(
            category=clean("category"),
            cooperative=clean("cooperative"),
            availability=clean("availability"),
        )

    def apply(self, pages: QuerySet) -> QuerySet:
        if self.category:
            pages = pages.filter(product__category__slug=self.category)
        if self.cooperative:
            pages = pages.filter(product__cooperative__slug=self.cooperative)
        if self.availability in ("in_stock", "made_to_order"):
            pages = pages.filter(product__fulfilment=self.availability)
        return pages

    @property
    def active(self) -> bool:
        return bool(self.category or self.cooperative or self.availability)

    def querystring(self) -> str:
        from django.utils.http import urlencode

        params = {k: v for k, v in vars(self).items() if v}
        return urlencode(params)
