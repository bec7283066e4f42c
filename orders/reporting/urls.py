"""Reporting's addresses (mounted by orders.urls, inside the language prefix): the
coordinator's dashboard at /co/dashboard/, the women's federation's overview at /federation/
and the mother's "My month" at /work/insights/."""

from django.urls import path

from orders.reporting.views import dashboard, federation, insights

mother_urlpatterns = [
    path("insights/", insights.work_insights, name="work_insights"),
]

dashboard_urlpatterns = [
    path("", dashboard.dashboard_view, name="co_dashboard"),
    path("mothers/<id:membership_id>/", dashboard.mother_view, name="co_dashboard_mother"),
    path(
        "mothers/<id:membership_id>/export/<slug:table>.<table_format:fmt>",
        dashboard.mother_export_view,
        name="co_dashboard_mother_export",
    ),
    path(
        "export/<slug:table>.<table_format:fmt>",
        dashboard.export_view,
        name="co_dashboard_export",
    ),
]

federation_urlpatterns = [
    path("", federation.federation, name="federation"),
    path("export.<table_format:format>", federation.federation_export, name="federation_export"),
]
