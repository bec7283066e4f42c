"""Handing work to the task worker (marketplace/background.py, marketplace/tasks.py): e-mails
leave only once their change commits, a failed send or periodic job is enqueued again up to
TASK_ATTEMPTS times, the periodic jobs run with no arguments, and the management commands
only enqueue. Immediate backend (the tests' default); the worker itself:
test_email_worker.py."""

import datetime

from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from marketplace import tasks as market_tasks
from marketplace.emails import email_enqueue
from orders.production import tasks as production_tasks

pytestmark = pytest.mark.django_db

MESSAGE = {"subject": "新活", "body": "40 件", "to": ["li@example.com"]}


class Boom(Exception):
    pass


def test_an_email_leaves_when_its_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_enqueue(key="order-open.7.12", **MESSAGE)
        assert mail.outbox == []  # not before the commit

    (message,) = mail.outbox
    assert message.to == ["li@example.com"]
    assert message.extra_headers["Message-ID"] == "<order-open.7.12@example.com>"


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        email_enqueue(key="order-open.7.12", **MESSAGE)
        raise Boom

    assert mail.outbox == []


def failing(times: int, monkeypatch) -> list:
    """EmailMessage.send fails ``times`` times, then sends; returns the attempts seen."""
    attempts = []
    real = EmailMessage.send

    def send(message, *args, **kwargs):
        attempts.append(message.subject)
        if len(attempts) <= times:
            raise ConnectionRefusedError("smtp down")
        return real(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    return attempts


def test_a_failed_send_is_tried_again_and_sent_once(monkeypatch, settings):
    settings.TASK_ATTEMPTS = 4
    attempts = failing(2, monkeypatch)

    market_tasks.email_send_task.enqueue(key="k.1", **MESSAGE)

    assert len(attempts) == 3
    assert len(mail.outbox) == 1


def test_a_send_that_keeps_failing_stops_after_its_attempts(monkeypatch, settings):
    settings.TASK_ATTEMPTS = 3
    attempts = failing(99, monkeypatch)

    result = market_tasks.email_send_task.enqueue(key="k.1", **MESSAGE)

    assert result.status == "FAILED"  # the request that enqueued it is not failed with it
    assert len(attempts) == 3
    assert mail.outbox == []


PERIODIC = market_tasks.PERIODIC_JOBS + production_tasks.PERIODIC_JOBS


@pytest.mark.parametrize("job, period", PERIODIC, ids=[job.name for job, _ in PERIODIC])
def test_each_periodic_job_runs_with_no_arguments(job, period):
    assert period > 0
    assert job.enqueue().status == "SUCCESSFUL"


def test_a_failed_periodic_job_is_enqueued_again(monkeypatch, settings):
    settings.TASK_ATTEMPTS = 4
    calls = []

    def settle_once_the_database_is_back():
        calls.append(1)
        if len(calls) == 1:
            raise Boom
        return 0

    monkeypatch.setattr(market_tasks, "purchases_settle_overdue", settle_once_the_database_is_back)

    market_tasks.purchases_settle_overdue_task.enqueue()

    assert len(calls) == 2


@pytest.mark.parametrize(
    "command, said",
    [
        ("expire_purchases", "expire_purchases: 0 expired"),
        ("close_request_windows", "close_request_windows: 0 orders shared out"),
        ("return_past_due_claims", "return_past_due_claims: 0 pieces returned"),
    ],
)
def test_the_commands_enqueue_their_job(command, said, capsys, settings):
    call_command(command)
    assert capsys.readouterr().out.strip() == said

    # on the database backend the command only enqueues it, for a worker
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command(command)
    assert capsys.readouterr().out.startswith(f"{command}: READY")
    assert DBTaskResult.objects.get().status == "READY"


def test_on_the_database_backend_the_next_attempt_waits(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RETRY_SECONDS = 30
    failing(1, monkeypatch)

    # when a worker's first attempt fails
    with pytest.raises(ConnectionRefusedError):
        market_tasks.email_send_task.call(key="k.1", **MESSAGE)

    # then the second is enqueued to run after a wait of TASK_RETRY_SECONDS
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"] == {"key": "k.1", **MESSAGE, "attempt": 2}
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(seconds=25) < wait <= datetime.timedelta(seconds=30)
