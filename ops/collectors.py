"""Gauges read from the database at scrape time: the queue lives there, so only the database
knows how many tasks wait across every app server and worker."""

from django.apps import apps
from django.db import DatabaseError
from django.utils import timezone

from prometheus_client.core import GaugeMetricFamily

from ops.models import Heartbeat


def tasks_waiting() -> int:
    """Tasks enqueued and not yet taken by a worker. With the immediate backend nothing ever
    waits; with django-tasks-db (its app label is django_tasks_database) they are its rows
    in the ready state."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    return results.objects.filter(status="READY").count()


def heartbeat_age() -> float | None:
    beat = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    return None if beat is None else (timezone.now() - beat).total_seconds()


class DatabaseCollector:
    def collect(self):
        try:
            waiting, age = tasks_waiting(), heartbeat_age()
        except DatabaseError:
            return  # the scrape still shows the counters; /readyz says what is wrong
        yield GaugeMetricFamily(
            "mamagang_tasks_waiting", "Background tasks waiting for a worker.", value=waiting
        )
        if age is not None:
            yield GaugeMetricFamily(
                "mamagang_worker_heartbeat_age_seconds",
                "Seconds since a worker last ran the heartbeat task.",
                value=age,
            )
