"""How the project hands work to the task worker: after the commit, and again after a failure
where running it twice is harmless. Tasks themselves live in each room's tasks.py."""

import datetime
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.db import transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone


def enqueue_on_commit(task: Task, /, **kwargs) -> None:
    """Enqueue ``task`` once the surrounding transaction commits (at once outside one): a
    rolled-back request leaves no task behind, and the worker never reads rows not yet
    committed."""
    transaction.on_commit(partial(task.enqueue, **kwargs))


def retry_later(task: Task, /, *, attempt: int, **kwargs) -> bool:
    """Enqueue ``task`` again as attempt ``attempt + 1``, after a growing wait where the
    backend can wait (the database one can; the immediate one runs it at once). False when
    every attempt is used up: the failure stays, for whoever watches the task results."""
    if attempt >= settings.TASK_ATTEMPTS:
        return False
    if task.get_backend().supports_defer:
        wait = datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 4 ** (attempt - 1))
        task = task.using(run_after=timezone.now() + wait)
    task.enqueue(attempt=attempt + 1, **kwargs)
    return True


@contextmanager
def retried_on_failure(task: Task, /, *, attempt: int, **kwargs):
    """Run the body of an idempotent task: if it raises, enqueue the task again (same
    arguments, next attempt) and let the error through, so this attempt shows as failed."""
    try:
        yield
    except Exception:
        retry_later(task, attempt=attempt, **kwargs)
        raise


def last_failure(task: Task, /, **kwargs) -> str | None:
    """Why the newest run of ``task`` with these keyword arguments failed (the last line of
    its error, at most 200 characters), or None when it did not fail, has not run yet, or
    the backend keeps no results (the immediate one: its caller sees the result at once)."""
    from django_tasks_db.backend import DatabaseBackend  # only the database backend keeps them
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return None
    lookups = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    newest = (
        DBTaskResult.objects.filter(task_path=task.module_path, **lookups)
        .order_by("-enqueued_at")
        .only("status", "traceback")
        .first()
    )
    if newest is None or newest.status != TaskResultStatus.FAILED:
        return None
    return (newest.traceback.strip().splitlines() or ["?"])[-1][:200]


def outcome(result) -> object:
    """What a management command reports of a task it enqueued: the return value when it
    already ran (the immediate backend), else its status (READY: a worker will run it)."""
    return result.return_value if result.status == TaskResultStatus.SUCCESSFUL else result.status
