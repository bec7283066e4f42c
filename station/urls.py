"""The station's addresses, topic by topic; config.urls mounts them at /station/ inside the
language prefix."""

from django.urls import include, path

urlpatterns = [
    path("", include("station.matching.urls")),
]
