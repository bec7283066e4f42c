"""What ops listens to: the tasks framework's signals (request ids, failures) and the saves
that mean a claim was made or a payment confirmed (metrics). Counting from the signals keeps
the market's and the workshop's code free of operations concerns."""

import importlib

from django.db import transaction
from django.db.models.signals import post_save

from marketplace.models import PurchaseEventKind
from ops import metrics, requestid

# The django_tasks backport sends its own signals; Django's django.tasks (which
# django-tasks-db's worker uses on Django 6) sends others: listen to whichever exist.
TASK_SIGNAL_MODULES = ("django_tasks.signals", "django.tasks.signals")


def task_signal_modules() -> list:
    found = []
    for name in TASK_SIGNAL_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return found


def task_failure_count(sender, task_result, **kwargs) -> None:
    if str(task_result.status) == "FAILED":
        metrics.TASK_FAILURES.labels(task=task_result.task.module_path).inc()


def claim_count(sender, instance, created, update_fields=None, **kwargs) -> None:
    # orders.production.services.claims saves the claim's quantity once per claim set.
    if update_fields and "quantity" in update_fields and instance.quantity > 0:
        transaction.on_commit(metrics.CLAIMS.inc)


# Stripe's word that a purchase's money arrived (also for one cancelled meanwhile).
PAID = {PurchaseEventKind.PAID, PurchaseEventKind.PAID_AFTER_CANCEL}


def payment_count(sender, instance, created, **kwargs) -> None:
    # The purchase's own event; its lines each get one of the same kind besides.
    if created and instance.line_id is None and instance.status in PAID:
        transaction.on_commit(metrics.PAYMENTS.inc)


def connect() -> None:
    for signals in task_signal_modules():
        signals.task_enqueued.connect(requestid.task_enqueued_remember, dispatch_uid="ops")
        signals.task_started.connect(requestid.task_started_bind, dispatch_uid="ops")
        signals.task_finished.connect(requestid.task_finished_release, dispatch_uid="ops")
        signals.task_finished.connect(task_failure_count, dispatch_uid="ops-failures")
    post_save.connect(claim_count, sender="orders.Claim", dispatch_uid="ops-claims")
    post_save.connect(payment_count, sender="marketplace.PurchaseEvent", dispatch_uid="ops-paid")
