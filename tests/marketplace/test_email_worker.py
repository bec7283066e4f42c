"""E-mails sent by a real task worker (``manage.py db_worker`` on the test database): enqueued
when the change commits, sent by the worker, and a message already sent is not sent again
when its task is enqueued twice. PostgreSQL only, and slow: tests/worker.py."""

from django.db import transaction
from django.tasks import TaskResultStatus

import pytest
from django_tasks_db.models import DBTaskResult

from marketplace.emails import email_enqueue
from tests.worker import DATABASE_BACKEND, db_worker, postgres_only, slow, wait_for

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]

MESSAGE = {"subject": "新活", "body": "40 件", "to": ["li@example.com"]}


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def on_the_worker(settings):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}


def sends() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def all_finished() -> bool:
    return all(task.status == TaskResultStatus.SUCCESSFUL for task in sends())


def test_a_rolled_back_change_enqueues_no_email():
    with pytest.raises(Boom), transaction.atomic():
        email_enqueue(key="order-open.7.12", **MESSAGE)
        assert sends() == []  # not before the commit
        raise Boom

    assert sends() == []


@slow
def test_an_email_is_sent_by_the_worker_once_whatever_enqueues_it_twice():
    # given the same message enqueued by two committed changes
    with transaction.atomic():
        email_enqueue(key="order-open.7.12", **MESSAGE)
    with transaction.atomic():
        email_enqueue(key="order-open.7.12", **MESSAGE)
    assert [task.status for task in sends()] == [TaskResultStatus.READY] * 2

    # when the worker runs them
    with db_worker():
        wait_for(all_finished)

    # then it sent the first and knew the second for the same message
    assert [task.return_value for task in sends()] == [True, False]
    assert {tuple(task.worker_ids) for task in sends()} == {("test-worker",)}
