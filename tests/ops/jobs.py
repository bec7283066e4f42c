"""Tasks the ops tests schedule, fail and log from (importable, as tasks must be)."""

import logging
import uuid

from django.tasks import task
from django.utils import timezone

from ops.models import Heartbeat

logger = logging.getLogger("tests.ops")


@task()
def run_record_task() -> None:
    """Leaves one row per run, so that runs can be counted across threads and processes."""
    Heartbeat.objects.create(name=f"test-{uuid.uuid4().hex[:20]}", beat_at=timezone.now())


def runs_recorded() -> int:
    return Heartbeat.objects.filter(name__startswith="test-").count()


@task()
def failing_task() -> None:
    raise RuntimeError("this task always fails")


@task()
def logging_task() -> None:
    logger.warning("inside the task")
