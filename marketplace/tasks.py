"""Background work of the market (django.tasks; README, "Background work").

PERIODIC_JOBS lists the jobs a scheduler enqueues each period, with the period in seconds:
each is a module-level task called with no arguments, and idempotent, so a run that fails is
enqueued again and one that runs twice changes nothing."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import TaskResultStatus, task

from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from marketplace.background import retried_on_failure
from marketplace.services.payments import purchases_settle_overdue


@task()
def purchases_settle_overdue_task(attempt: int = 1) -> int:
    """Every few minutes: unpaid purchases past their reservation give their stock back."""
    with retried_on_failure(purchases_settle_overdue_task, attempt=attempt):
        return purchases_settle_overdue()


@task()
def email_send_task(*, key: str, subject: str, body: str, to: list[str], attempt: int = 1) -> bool:
    """Send one e-mail (marketplace.emails.email_enqueue). ``key`` names the message: it is
    its Message-ID, and a key already sent by an earlier task is not sent again, so the mail
    server failing is retried without sending anyone the same message twice. Returns whether
    it was sent now."""
    if _sent_before(key):
        return False
    with retried_on_failure(
        email_send_task, attempt=attempt, key=key, subject=subject, body=body, to=to
    ):
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "localhost"
        message = EmailMessage(
            subject=subject, body=body, to=to, headers={"Message-ID": f"<{key}@{domain}>"}
        )
        message.send()
    return True


def _sent_before(key: str) -> bool:
    """Whether a task on the database backend sent ``key`` already (the immediate backend
    keeps no results, and runs each send once)."""
    if not isinstance(email_send_task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=email_send_task.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs__kwargs__key=key,
        return_value=True,
    ).exists()


PERIODIC_JOBS = ((purchases_settle_overdue_task, 5 * 60),)
