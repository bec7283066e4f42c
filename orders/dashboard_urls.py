from django.urls import path

from orders import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard_view, name="co_dashboard"),
    path("mothers/<int:membership_id>/", dashboard_views.mother_view, name="co_dashboard_mother"),
    path(
        "mothers/<int:membership_id>/export/<slug:table>.<str:fmt>",
        dashboard_views.mother_export_view,
        name="co_dashboard_mother_export",
    ),
    path(
        "export/<slug:table>.<str:fmt>",
        dashboard_views.export_view,
        name="co_dashboard_export",
    ),
]
