"""Every address of the station outside Wagtail's tree, topic by topic; config.urls mounts them
at /station/ inside the language prefix. No namespace: the names are the site's own
(course_join, …), as every other app's, and tests/site_crawl.py visits each route by its plain
name."""

from django.urls import include, path

from station.training import urls as training

urlpatterns = [
    path("", include("station.directory.urls")),
    path("rights/", include("station.rights.urls")),
    path("", include(training.urlpatterns)),
    path("", include("station.matching.urls")),
]
