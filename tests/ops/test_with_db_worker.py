"""The operations parts with the database task backend and its real worker (django-tasks-db's
``db_worker``), which issue 13's first point brings: skipped until it is installed."""

import datetime

from django.apps import apps
from django.core.management import call_command
from django.test import RequestFactory

import pytest

from ops.models import Heartbeat
from ops.scheduler import PeriodicJob, Scheduler
from ops.tasks import heartbeat_task
from tests.ops.jobs import logging_task, run_record_task
from tests.ops.logs import NGINX_ID, answered, console_output
from tests.threads import run_together

pytestmark = pytest.mark.skipif(
    not apps.is_installed("django_tasks_db"), reason="needs django-tasks-db (issue 13, point 1)"
)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOW = datetime.datetime(2026, 11, 30, 8, 0, 30, tzinfo=datetime.UTC)


def results():
    return apps.get_model("django_tasks_database", "DBTaskResult").objects


def work_off_the_queue() -> None:
    """A real worker takes every waiting task, then stops."""
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_queue_the_job_once(settings):
    settings.TASKS = DATABASE_TASKS
    schedulers = [Scheduler([PeriodicJob(run_record_task, 60)]) for _ in range(2)]

    run_together([lambda s=s: s.tick(NOW) for s in schedulers])

    assert results().filter(task_path=run_record_task.module_path).count() == 1


@pytest.mark.django_db(transaction=True)
def test_metrics_count_the_tasks_waiting_and_readyz_waits_for_the_worker(client, settings):
    settings.TASKS = DATABASE_TASKS
    Scheduler([PeriodicJob(heartbeat_task, 60), PeriodicJob(run_record_task, 60)]).tick(NOW)

    assert "mamagang_tasks_waiting 2.0" in client.get("/metrics").content.decode()
    assert client.get("/readyz").json()["checks"]["worker"] == "no heartbeat yet"

    work_off_the_queue()

    assert "mamagang_tasks_waiting 0.0" in client.get("/metrics").content.decode()
    assert Heartbeat.objects.filter(name="worker").exists()
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_worker_logs_the_id_of_the_request_that_enqueued_the_task(settings):
    settings.TASKS = DATABASE_TASKS
    answered(RequestFactory().get("/", HTTP_X_REQUEST_ID=NGINX_ID), logging_task.enqueue)

    with console_output() as out:
        work_off_the_queue()

    assert f"[{NGINX_ID}] inside the task" in out.getvalue()
