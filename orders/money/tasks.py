"""Background work of the mothers' money (django.tasks; README, "Background work"): paying a
payout run, prepared files (payslip zips), and pruning them.

``PERIODIC_JOBS`` lists this module's periodic tasks with their period in seconds, for the
scheduler to run each at most once per period.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from orders.models import PayoutRun
from orders.money.selectors.payouts import executions_stalled, executions_to_retry
from orders.money.services.payouts import execution_abandon, run_execute
from orders.money.services.prepared import prepared_file_build, prepared_files_prune


@task()
def payout_run_execute_task(*, run_id: int) -> str:
    """Pay a payout run's Stripe payouts. A run that fails is shown on its page with a
    button to try again (orders.money.selectors.payouts.run_failure), and enqueued again by
    payout_runs_recover_task while attempts remain; trying again pays only what is still
    unpaid, each payout once, whoever runs it."""
    return run_execute(PayoutRun.objects.get(pk=run_id)).status


@task()
def payout_runs_recover_task() -> int:
    """Every minute: take up the payout runs whose worker died mid-run. django-tasks-db
    keeps such a task RUNNING for ever, so an execution that started more than
    PAYOUT_TASK_STALE_SECONDS ago and has paid nobody since is marked failed and the run is
    enqueued again — harmless even if that worker only hangs, since each payout is paid once
    whoever runs it. A run whose execution failed is enqueued again too, up to TASK_ATTEMPTS
    executions with growing waits; after that it waits for the button on its page. Returns
    how many runs were enqueued again."""
    from django_tasks_db.backend import DatabaseBackend  # only its results can go stale

    if not isinstance(payout_run_execute_task.get_backend(), DatabaseBackend):
        return 0
    seconds = settings.PAYOUT_TASK_STALE_SECONDS
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    recovered = 0
    for execution in executions_stalled(task_path=payout_run_execute_task.module_path, since=since):
        workers = ", ".join(execution.worker_ids) or "?"
        why = f"no payout moved for {seconds} s on worker {workers}; enqueued again"
        with transaction.atomic():  # marked and replaced together, or neither
            if execution_abandon(execution=execution, why=why):
                payout_run_execute_task.enqueue(**execution.args_kwargs["kwargs"])
                recovered += 1
    path = payout_run_execute_task.module_path
    for execution in executions_to_retry(task_path=path, now=timezone.now()):
        payout_run_execute_task.enqueue(**execution.args_kwargs["kwargs"])
        recovered += 1
    return recovered


@task()
def prepared_file_build_task(prepared_id: int) -> str:
    """Make a prepared file, counting its steps so that the waiting page shows them."""
    return prepared_file_build(prepared_id=prepared_id)


@task()
def prepared_files_prune_task() -> int:
    """Daily: delete prepared files older than settings.PREPARED_FILES_DAYS."""
    return prepared_files_prune(older_than=datetime.timedelta(days=settings.PREPARED_FILES_DAYS))


PERIODIC_JOBS = (
    (payout_runs_recover_task, 60),
    (prepared_files_prune_task, 24 * 60 * 60),
)
