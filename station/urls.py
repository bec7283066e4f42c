"""Every address of the station, topic by topic; config.urls mounts them at /station/ inside
the language prefix. No namespace: the names are the site's own (course_join, …), as every
other app's, and tests/site_crawl.py visits each route by its plain name."""

from django.urls import include, path

from station.training import urls as training

urlpatterns = [
    path("", include(training.urlpatterns)),
]
