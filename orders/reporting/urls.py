"""Reporting's addresses (mounted by orders.urls, inside the language prefix): the
coordinator's dashboard at /co/dashboard/, the women's federation's overview at /federation/
and the mother's "My month" at /work/insights/."""

from django.urls import path, register_converter

from orders.reporting.views import dashboard, federation, insights


class TableFormat:
    """The export's format: what follows ``export.`` in its address."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "federation_table")


mother_urlpatterns = [
    path("insights/", insights.work_insights, name="work_insights"),
]

dashboard_urlpatterns = [
    path("", dashboard.dashboard_view, name="co_dashboard"),
    path("mothers/<int:membership_id>/", dashboard.mother_view, name="co_dashboard_mother"),
    path(
        "mothers/<int:membership_id>/export/<slug:table>.<str:fmt>",
        dashboard.mother_export_view,
        name="co_dashboard_mother_export",
    ),
    path(
        "export/<slug:table>.<str:fmt>",
        dashboard.export_view,
        name="co_dashboard_export",
    ),
]

federation_urlpatterns = [
    path("", federation.federation, name="federation"),
    path(
        "export.<federation_table:format>", federation.federation_export, name="federation_export"
    ),
]
