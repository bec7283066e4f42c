"""The catalogue in the Wagtail admin: cooperatives, categories and products; and the
regions' part-time hourly minimum wages, which the women's federation (and admins) enter:
its group holds the region and minimum-wage permissions (migration orders 0015), coordinators
do not."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from marketplace.models import Category, Cooperative, Fulfilment, MinimumWage, Product, Region


class YesNoColumn(BooleanColumn):
    """A tick or a cross that a screen reader reads as 是/否 (Wagtail's own reads out
    "True"/"False", in English whatever the admin's language)."""

    cell_template_name = "marketplace/admin/yes_no_cell.html"


def yes_no(model, name: str) -> YesNoColumn:
    """The column of a boolean field, labelled and sortable as Wagtail's own would be."""
    label = capfirst(model._meta.get_field(name).verbose_name)
    return YesNoColumn(name, label=label, sort_key=name)


def _yes_or_no(value: bool) -> str:
    return str(_("Yes") if value else _("No"))


def _fulfilment(value: str) -> str:
    return str(Fulfilment(value).label)


class CatalogueIndexView(IndexView):
    """A catalogue listing, whose spreadsheets (CSV, XLSX) say yes/no and a product's way of
    supply in the admin's language, as its columns do, not True or in_stock."""

    both = (IndexView.FORMAT_CSV, IndexView.FORMAT_XLSX)
    # bool first: True is an int too, and the first matching kind of value wins.
    custom_value_preprocess = {bool: dict.fromkeys(both, _yes_or_no)} | (
        IndexView.custom_value_preprocess
    )
    custom_field_preprocess = {"fulfilment": dict.fromkeys(both, _fulfilment)}


class CooperativeViewSet(SnippetViewSet):
    model = Cooperative
    index_view_class = CatalogueIndexView
    icon = "group"
    menu_label = _("Cooperatives")
    list_display = ["name", "name_en", "city", yes_no(Cooperative, "is_active")]
    list_filter = ["is_active"]
    list_export = ["name", "name_en", "slug", "city", "address", "phone", "is_active"]
    search_fields = ["name", "name_en", "city"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("phone")]),
        FieldPanel("address"),
        FieldPanel("region"),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Cooperative.objects.select_related("region")


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "name_en", "slug", "sort_order"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
    ]


class ProductViewSet(SnippetViewSet):
    model = Product
    index_view_class = CatalogueIndexView
    icon = "pick"
    menu_label = _("Products")
    list_display = [
        "name",
        "cooperative",
        "category",
        "price",
        "fulfilment",
        "stock",
        yes_no(Product, "is_active"),
    ]
    list_filter = ["cooperative", "category", "fulfilment", "is_active"]
    list_export = [
        "sku",
        "name",
        "name_en",
        "cooperative",
        "category",
        "price",
        "currency",
        "fulfilment",
        "stock",
        "lead_time_days",
        "max_per_order",
        "is_active",
    ]
    search_fields = ["name", "name_en", "sku"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("cooperative"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("sku"), FieldPanel("price")]),
        MultiFieldPanel(
            [
                FieldPanel("fulfilment"),
                FieldRowPanel([FieldPanel("stock"), FieldPanel("lead_time_days")]),
                FieldPanel("max_per_order"),
            ],
            heading=_("Availability"),
        ),
        FieldPanel("is_active"),
    ]

    def get_queryset(self, request):
        return Product.objects.select_related("cooperative", "category")


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "name_en", "code"]
    search_fields = ["name", "name_en", "code"]
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]), FieldPanel("code")]


class MinimumWageViewSet(SnippetViewSet):
    model = MinimumWage
    index_view_class = CatalogueIndexView
    icon = "form"
    menu_label = _("Minimum wages")
    list_display = [
        "region",
        "hourly",
        "effective_from",
        "source",
        yes_no(MinimumWage, "is_example"),
    ]
    list_filter = ["region", "is_example"]
    list_export = ["region", "hourly", "effective_from", "source", "source_url", "is_example"]
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("hourly"), FieldPanel("effective_from")]),
        FieldPanel("source"),
        FieldPanel("source_url"),
        FieldPanel("is_example"),
    ]

    def get_queryset(self, request):
        return MinimumWage.objects.select_related("region")


class FairWorkGroup(SnippetViewSetGroup):
    menu_label = _("Minimum wages")
    menu_icon = "form"
    menu_order = 210
    items = (RegionViewSet, MinimumWageViewSet)


class MarketplaceGroup(SnippetViewSetGroup):
    menu_label = _("Marketplace")
    menu_icon = "home"
    menu_order = 200
    items = (CooperativeViewSet, CategoryViewSet, ProductViewSet)


register_snippet(MarketplaceGroup)
register_snippet(FairWorkGroup)
