"""The station's pages outside Wagtail's tree, mounted at /station/ (language-prefixed)."""

from django.urls import include, path

urlpatterns = [
    path("", include("station.directory.urls")),
    path("rights/", include("station.rights.urls")),
]
