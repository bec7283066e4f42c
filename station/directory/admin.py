"""Editors keep the directory in the Wagtail admin (snippets): areas, friendly employers,
their positions, and who on an employer's staff may keep its positions current."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from marketplace.wagtail_hooks import yes_no
from station.models import Area, Employer, EmployerStaff, Position


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "name_en", "slug", "sort_order"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
    ]


class EmployerViewSet(SnippetViewSet):
    model = Employer
    icon = "group"
    menu_label = _("Friendly employers")
    list_display = ["name", "name_en", "area", "phone", yes_no(Employer, "is_listed")]
    list_filter = ["area", "is_listed"]
    list_export = ["name", "name_en", "slug", "area", "address", "phone", "is_listed"]
    search_fields = ["name", "name_en", "address"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("area")]),
        FieldRowPanel([FieldPanel("address"), FieldPanel("phone")]),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("is_listed"),
    ]


class PositionViewSet(SnippetViewSet):
    model = Position
    icon = "date"
    menu_label = _("Positions")
    list_display = [
        "title",
        "employer",
        "area",
        "starts_at",
        "ends_at",
        "openings",
        yes_no(Position, "is_open"),
    ]
    list_filter = ["employer", "area", "is_open", "holiday_childcare"]
    list_export = [
        "employer",
        "title",
        "title_en",
        "area",
        "place",
        "starts_at",
        "ends_at",
        "days",
        "pay_min",
        "pay_max",
        "openings",
        "is_open",
    ]
    search_fields = ["title", "title_en", "place"]
    panels = [
        FieldPanel("employer"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("area"), FieldPanel("place")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("days"),
                FieldRowPanel([FieldPanel("starts_late"), FieldPanel("leaves_early")]),
                FieldRowPanel([FieldPanel("bus_route"), FieldPanel("holiday_childcare")]),
                FieldPanel("flexibility_note"),
            ],
            heading=_("Hours and flexibility"),
        ),
        FieldRowPanel([FieldPanel("pay_min"), FieldPanel("pay_max")]),
        FieldPanel("skills"),
        FieldRowPanel([FieldPanel("openings"), FieldPanel("is_open")]),
    ]


class EmployerStaffViewSet(SnippetViewSet):
    model = EmployerStaff
    icon = "user"
    menu_label = _("Employers' staff")
    list_display = ["user", "employer"]
    list_filter = ["employer"]
    panels = [FieldPanel("user"), FieldPanel("employer")]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (AreaViewSet, EmployerViewSet, PositionViewSet, EmployerStaffViewSet)
    menu_icon = "site"
    menu_label = _("Mama Posts directory")
    menu_name = "station_directory"


register_snippet(DirectoryViewSetGroup)
