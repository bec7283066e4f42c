"""Every address of the station, topic by topic; config.urls mounts them at /station/ inside
the language prefix."""

from django.urls import include, path

from station.training import urls as training

app_name = "station"

urlpatterns = [
    path("", include(training.urlpatterns)),
]
