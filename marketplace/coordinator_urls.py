"""The coordinator's workspace; the project mounts it at /co/ (inside the language prefix)."""

from django.urls import path
from django.views.generic import RedirectView

from marketplace import coordinator_views as views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="co_lines"), name="co_home"),
    path("lines/", views.line_list, name="co_lines"),
    path("lines/<id:line_id>/", views.line_detail, name="co_line"),
    path("lines/<id:line_id>/<slug:action>/", views.line_action, name="co_line_action"),
    path("demand/", views.demand, name="co_demand"),
]
