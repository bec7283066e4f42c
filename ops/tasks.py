"""The operations' own periodic work."""

import datetime

from django.tasks import task
from django.utils import timezone

from ops.models import Heartbeat, PeriodicRun

HEARTBEAT_PERIOD = 60  # seconds; /readyz fails after HEARTBEAT_PERIOD * READY_HEARTBEATS
# Long enough to read what ran last week, short enough that the table stays small.
RUNS_KEPT = datetime.timedelta(days=7)


@task()
def heartbeat_task() -> str:
    """A worker is alive and the scheduler enqueues: record when, and forget old runs."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name="worker", defaults={"beat_at": now})
    PeriodicRun.objects.filter(period_start__lt=now - RUNS_KEPT).delete()
    return now.isoformat()


PERIODIC_JOBS = ((heartbeat_task, HEARTBEAT_PERIOD),)
