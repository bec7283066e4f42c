"""One TASKS setting for our tasks (django.tasks) and Wagtail's (written with the
django_tasks backport, whose @task builds the configured backend's own task class): with
Django's backends they are all Django tasks, and on the database backend a real worker runs
Wagtail's index tasks as it runs ours (README, "Background work")."""

from django.tasks import Task, TaskResultStatus

from wagtail.tasks import update_reference_index_task

import pytest
from django_tasks_db.models import DBTaskResult
from modelsearch.tasks import insert_or_update_object_task

from marketplace.tasks import email_send_task
from tests.worker import DATABASE_BACKEND, db_worker, postgres_only, slow, wait_for


def test_wagtails_tasks_and_ours_are_djangos_own():
    for task in (update_reference_index_task, insert_or_update_object_task, email_send_task):
        assert isinstance(task, Task)


@postgres_only
@slow
@pytest.mark.django_db(transaction=True)
def test_a_page_saved_on_the_database_backend_is_indexed_by_the_worker(tree, settings):
    # given production's backend
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    DBTaskResult.objects.all().delete()

    # when an editor saves a page, Wagtail enqueues its index tasks instead of running them
    tree.home.title = "巾帼好品 · 新"
    tree.home.save()
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths >= {insert_or_update_object_task.module_path}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY"}

    # then the worker runs every one of them
    with db_worker():
        wait_for(lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists())
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
