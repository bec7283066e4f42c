"""The 巾帼好品 showcase: Wagtail pages that present products, cooperatives and stories.

No business rules here: prices, stock and cooperatives are read from ``marketplace``.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from marketplace.services.cart import product_most
from showcase import search, selectors
from showcase.blocks import AwardBlock, StoryBlock

IMAGE = "wagtailimages.Image"
# A ProductPage's fields its search columns are made from (with its product's names).
SEARCHED_FIELDS = {"title", "intro", "body", "product"}


class RestrictionsInOneQuery:
    """Wagtail asks every page it serves for the view restrictions on it and its ancestors,
    which it reads in two queries (the ancestors, then their restrictions); this reads the
    same ones in one, and in a cheaper one while the site has none at all. As in Wagtail, an
    alias answers with its source page's restrictions."""

    def get_view_restrictions(self):
        # Most of the time nothing on the site is private: a bare EXISTS, a tenth of the cost
        # of the query below (its subquery is what takes compiling), says so.
        if not PageViewRestriction.objects.exists():
            return PageViewRestriction.objects.none()
        paths = [self.path[:end] for end in range(Page.steplen, len(self.path) + 1, Page.steplen)]
        sources = Page.objects.filter(path__in=paths).values(source=Coalesce("alias_of_id", "id"))
        return PageViewRestriction.objects.filter(page_id__in=sources)


class HomePage(RestrictionsInOneQuery, Page):
    """The front door: what 巾帼好品 and 妈妈岗 are, featured products, cooperatives, stories."""

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), max_length=400)
    hero_image = models.ForeignKey(
        IMAGE, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mission_heading = models.CharField(_("mission heading"), max_length=120, blank=True)
    mission = StreamField(StoryBlock(), blank=True, verbose_name=_("what we are"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("mission_heading"),
        FieldPanel("mission"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "showcase.ProductIndexPage",
        "showcase.CooperativeIndexPage",
        "showcase.StoryIndexPage",
        "station.DirectoryPage",
        "station.RightsPage",
        "station.CourseIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """The page at ``path_components`` below this one in two queries however deep it is
        (``page_below``); a path that is no page's may be a sub-path a routable page answers
        (the station's directory): Wagtail's own walk finds it, or says 404."""
        if path_components and (found := page_below(self, request, path_components)):
            return found
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = self.locale_id
        # Built only when the template reads them (a kept fragment does not): building these
        # querysets alone cost more than a tenth of a page served from its fragments.
        context["featured_products"] = SimpleLazyObject(
            lambda: selectors.product_pages(locale).filter(featured=True)[:8]
        )
        context["cooperatives"] = SimpleLazyObject(lambda: selectors.cooperative_pages(locale)[:6])
        context["latest_stories"] = SimpleLazyObject(lambda: selectors.story_pages(locale)[:3])
        return context


def page_below(home: Page, request, path_components: list[str]) -> RouteResult | None:
    """The route to the page at ``path_components`` below ``home`` (specific or not: only its
    depth and url_path are read), or None where no page has that path. Wagtail's own route
    walks down the tree, two queries (a child, then its specific page) per level; none of the
    showcase's pages routes its sub-paths itself, so the page whose url_path is the path is the
    page Wagtail would find (slug, indexed, narrows the look-up; ``route`` of the page found
    still refuses one that is not live, with Http404). The page comes with what its template
    shows of other tables (``shown_with``), in the same query."""
    found = (
        Page.objects.filter(
            slug=path_components[-1],
            depth=home.depth + len(path_components),
            url_path=home.url_path + "".join(f"{part}/" for part in path_components),
        )
        .values_list("pk", "content_type_id")
        .first()
    )
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class() or Page
    pages = model.objects.all()
    if related := getattr(model, "shown_with", ()):
        pages = pages.select_related(*related)
    return pages.get(pk=found[0]).route(request, [])


class ProductIndexPage(RestrictionsInOneQuery, Page):
    """All products, filterable by category and cooperative."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["showcase.ProductPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("product listing")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = selectors.ProductFilters.from_query(request.GET)
        products = filters.apply(selectors.product_pages(self.locale_id).child_of(self))
        context["filters"] = filters
        context["categories"] = selectors.categories()
        context["cooperatives"] = selectors.cooperatives()
        context["page_obj"] = paginate(request, products, self.per_page)
        return context


class ProductPage(RestrictionsInOneQuery, Page):
    """Tells the story of one ``marketplace.Product``; price and availability come from it."""

    product = models.ForeignKey(
        "marketplace.Product",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("product"),
    )
    intro = models.TextField(_("introduction"), max_length=400)
    image = models.ForeignKey(
        IMAGE,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main photo"),
    )
    image_alt = models.CharField(_("main photo description"), max_length=200, blank=True)
    body = StreamField(StoryBlock(), blank=True, verbose_name=_("story"))
    featured = models.BooleanField(_("feature on the home page"), default=False)
    tags = ClusterTaggableManager(
        through="showcase.ProductPageTag",
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Words buyers may search for, in this page's language."),
    )
    # What the showcase search looks in (see showcase.search), kept by save().
    search_title = models.TextField(editable=False, default="")
    search_names = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    content_panels = Page.content_panels + [
        FieldPanel("product"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Photo")),
        InlinePanel("gallery_images", label=_("Gallery")),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("featured"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("featured"),
        index.RelatedFields("product", [index.FilterField("is_active")]),
    ]
    parent_page_types = ["showcase.ProductIndexPage"]
    subpage_types = []
    # What its template shows besides its own columns, loaded with it (HomePage.route).
    shown_with = ("product__category", "image")

    class Meta:
        verbose_name = _("product page")

    def save(self, *args, **kwargs):
        # The search columns follow the content this save writes: publishing a revision saves
        # the page whole; saving a draft writes only its bookkeeping, and the live page (and
        # so what search finds) stays as it was.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCHED_FIELDS & set(update_fields):
            for column, value in search.product_document(self).items():
                setattr(self, column, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *search.COLUMNS}
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Both read only where the template shows them, inside shared fragments: a page whose
        # fragments are kept runs neither query.
        context["gallery"] = selectors.gallery_images(self)
        context["cooperative_page"] = SimpleLazyObject(
            lambda: selectors.cooperative_page_for(self.product.cooperative_id, self.locale_id)
        )
        context["product_most"] = product_most(self.product)
        return context


class ProductPageTag(TaggedItemBase):
    content_object = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="tagged_items")


class ProductPageGalleryImage(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(IMAGE, on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("description"), max_length=200)

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class CooperativeIndexPage(RestrictionsInOneQuery, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["showcase.CooperativePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("cooperative listing")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cooperatives"] = SimpleLazyObject(  # read inside the kept fragment only
            lambda: selectors.cooperative_pages(self.locale_id).child_of(self)
        )
        return context


class CooperativePage(RestrictionsInOneQuery, Page):
    """A cooperative's story, awards, location and products."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("cooperative"),
    )
    intro = models.TextField(_("introduction"), max_length=400)
    image = models.ForeignKey(
        IMAGE,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    image_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    members = models.PositiveIntegerField(_("number of mothers"), null=True, blank=True)
    body = StreamField(StoryBlock(), blank=True, verbose_name=_("story"))
    awards = StreamField([("award", AwardBlock())], blank=True, verbose_name=_("awards"))

    content_panels = Page.content_panels + [
        FieldPanel("cooperative"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Photo")),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("founded"), FieldPanel("members")],
            heading=_("Facts"),
        ),
        FieldPanel("body"),
        FieldPanel("awards"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["showcase.CooperativeIndexPage"]
    subpage_types = []
    shown_with = ("image",)

    class Meta:
        verbose_name = _("cooperative page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale, cooperative = self.locale_id, self.cooperative_id
        # Built only when the template reads them, inside the kept fragment (as the home page).
        context["products"] = SimpleLazyObject(
            lambda: selectors.product_pages(locale).filter(product__cooperative_id=cooperative)[:24]
        )
        context["stories"] = SimpleLazyObject(
            lambda: selectors.story_pages(locale).filter(cooperative_id=cooperative)[:3]
        )
        return context


class StoryKind(models.TextChoices):
    MOTHER = "mother", _("A mother's story")
    TRAINING = "training", _("Training at the station")
    NEWS = "news", _("News")


class StoryIndexPage(RestrictionsInOneQuery, Page):
    intro = models.TextField(_("introduction"), blank=True)
    per_page = 9

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["showcase.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story listing")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = selectors.story_pages(self.locale_id).child_of(self)
        kind = request.GET.get("kind", "")
        if kind in StoryKind.values:
            stories = stories.filter(kind=kind)
        context["kind"] = kind if kind in StoryKind.values else ""
        context["kinds"] = StoryKind.choices
        context["page_obj"] = paginate(request, stories, self.per_page)
        return context


class StoryPage(RestrictionsInOneQuery, Page):
    """A mother's story, training news from the 驿站, or cooperative news."""

    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=StoryKind.choices, default=StoryKind.MOTHER
    )
    intro = models.TextField(_("introduction"), max_length=400)
    image = models.ForeignKey(
        IMAGE,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    image_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    cooperative = models.ForeignKey(
        "marketplace.Cooperative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        verbose_name=_("cooperative"),
    )
    body = StreamField(StoryBlock(), verbose_name=_("story"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("kind"),
        FieldPanel("cooperative"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Photo")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("date"),
    ]
    parent_page_types = ["showcase.StoryIndexPage"]
    subpage_types = []
    shown_with = ("image", "cooperative")

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")


def paginate(request, queryset, per_page: int):
    """One page of ``queryset``; a page number that is not a page is a 404, not a 500."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= max(paginator.num_pages, 1):
        raise Http404
    return paginator.page(int(number))
