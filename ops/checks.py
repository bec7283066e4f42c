"""What /readyz checks. Each returns a short word for the JSON (never an exception's text,
which may name hosts or users) and whether it passed."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone

from ops.models import Heartbeat
from ops.tasks import HEARTBEAT_PERIOD

logger = logging.getLogger(__name__)

# A worker is taken for gone after missing this many heartbeats in a row.
READY_HEARTBEATS = 3


def database_check() -> tuple[str, bool]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("readiness: the database does not answer")
        return "unreachable", False
    return "ok", True


def cache_check() -> tuple[str, bool]:
    key, value = f"ops:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        came_back = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's own error (Redis refused, timed out): not ready
        logger.exception("readiness: the cache does not answer")
        return "unreachable", False
    return ("ok", True) if came_back == value else ("lost a value", False)


def tasks_run_immediately() -> bool:
    return settings.TASKS["default"]["BACKEND"].endswith(".ImmediateBackend")


def worker_check() -> tuple[str, bool]:
    """A worker ran the heartbeat task lately (so the scheduler enqueues and a worker takes
    tasks). With the immediate backend, tasks run inside the request: there is no worker to
    wait for."""
    if tasks_run_immediately():
        return "immediate", True
    try:
        beat = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    except DatabaseError:
        return "unknown", False
    if beat is None:
        return "no heartbeat yet", False
    age = (timezone.now() - beat).total_seconds()
    return ("ok", True) if age <= HEARTBEAT_PERIOD * READY_HEARTBEATS else ("stale", False)


CHECKS = {"database": database_check, "cache": cache_check, "worker": worker_check}
