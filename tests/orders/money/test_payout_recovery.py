"""The periodic job that takes up a payout run whose worker died: which executions it counts
as stalled, and what it does with them. Here on the database task backend with no worker
(the rows a worker would write are written by hand); the real kill, with two workers, is in
test_payout_worker.py."""

import datetime

from django.tasks import TaskResultStatus
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from orders.models import PayoutRun, PayoutStatus, RunStatus
from orders.money.services.payouts import payout_fail
from orders.money.tasks import PERIODIC_JOBS, payout_run_execute_task, payout_runs_recover_task
from tests.orders.factories import knot_order
from tests.orders.money_world import earning_mother, start, stripe_profile
from tests.pages import en

pytestmark = pytest.mark.django_db

STALE = 300


@pytest.fixture
def on_the_database(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PAYOUT_TASK_STALE_SECONDS = STALE


@pytest.fixture
def run(coordinator_client, cooperative, coordinator, on_the_database) -> PayoutRun:
    """A run of two Stripe payouts, its execution enqueued (nobody paid yet)."""
    order = knot_order(cooperative, quantity=100, max_per_mother=50)
    for n in (1, 2):
        earning_mother(order, accepted=10, actor=coordinator.user, **stripe_profile(f"acct_{n}"))
    start(coordinator_client, cooperative)
    return PayoutRun.objects.get()


def executions() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=payout_run_execute_task.module_path).order_by(
            "enqueued_at"
        )
    )


def taken_by_a_worker(*, seconds_ago: int) -> DBTaskResult:
    """What db_worker writes when it claims the run's execution, that long ago."""
    (execution,) = executions()
    execution.status = TaskResultStatus.RUNNING
    execution.started_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    execution.worker_ids = ["gone-1"]
    execution.save()
    return execution


def test_a_run_whose_worker_went_silent_is_enqueued_again_and_the_old_execution_says_why(run):
    taken_by_a_worker(seconds_ago=STALE + 5)

    assert payout_runs_recover_task.call() == 1

    old, new = executions()
    assert old.status == TaskResultStatus.FAILED
    assert old.finished_at is not None
    assert old.traceback == (
        f"ExecutionStalled: no payout moved for {STALE} s on worker gone-1; enqueued again"
    )
    assert old.task_result.errors[0].exception_class.__name__ == "ExecutionStalled"
    assert new.status == TaskResultStatus.READY
    assert new.args_kwargs["kwargs"] == {"run_id": run.pk}
    # a second pass finds nothing more to do: the new execution waits for a worker
    assert payout_runs_recover_task.call() == 0
    assert len(executions()) == 2


def test_the_runs_page_shows_no_failure_for_a_replaced_execution(run, coordinator_client):
    taken_by_a_worker(seconds_ago=STALE + 5)
    payout_runs_recover_task.call()

    page = coordinator_client.get(en("co_payout_run", run.pk)).content.decode()
    assert 'id="run-failure"' not in page


@pytest.mark.parametrize(
    "situation",
    [
        "started recently",
        "paid someone lately",
        "refused someone lately",
        "run done",
        "resumed by hand",
        "not taken yet",
    ],
)
def test_an_execution_that_is_alive_finished_or_replaced_is_left_alone(
    run, coordinator_client, situation
):
    taken_by_a_worker(seconds_ago=10 if situation == "started recently" else STALE + 5)
    if situation == "paid someone lately":
        payout = run.payouts.order_by("pk").first()
        payout.status, payout.paid_at = (
            PayoutStatus.PAID,
            timezone.now() - datetime.timedelta(seconds=STALE - 5),
        )
        payout.save()
    if situation == "refused someone lately":  # her reversal entry is the progress
        payout_fail(payout=run.payouts.order_by("pk").first(), why="No such destination")
    if situation == "run done":
        PayoutRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    if situation == "resumed by hand":
        coordinator_client.post(en("co_payout_resume", run.pk))
    if situation == "not taken yet":  # waiting for a worker: a twin would wait as well
        DBTaskResult.objects.update(status=TaskResultStatus.READY)
    before = [(e.pk, e.status) for e in executions()]

    assert payout_runs_recover_task.call() == 0

    assert [(e.pk, e.status) for e in executions()] == before


def test_with_tasks_run_at_once_there_is_nothing_to_recover(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert payout_runs_recover_task.call() == 0


def test_recovery_is_a_periodic_job_every_minute():
    assert (payout_runs_recover_task, 60) in PERIODIC_JOBS


def failed_on_a_worker(*, seconds_ago: int) -> DBTaskResult:
    """What db_worker writes when the run's execution raised, that long ago."""
    execution = taken_by_a_worker(seconds_ago=seconds_ago + 1)
    execution.status = TaskResultStatus.FAILED
    execution.finished_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    execution.traceback = "AttributeError: id"
    execution.save()
    return execution


def test_a_failed_run_is_enqueued_again_after_its_wait_until_attempts_run_out(run, settings):
    settings.TASK_ATTEMPTS, settings.TASK_RETRY_SECONDS = 2, 30
    failed_on_a_worker(seconds_ago=20)
    # within its wait (30 s after the first attempt) it is left as it is, said on its page
    assert payout_runs_recover_task.call() == 0

    failed_on_a_worker(seconds_ago=31)
    assert payout_runs_recover_task.call() == 1
    assert [e.status for e in executions()] == [TaskResultStatus.FAILED, TaskResultStatus.READY]

    # the second attempt fails too: two attempts in all, the button is left to the coordinator
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert payout_runs_recover_task.call() == 0
    assert len(executions()) == 2


def test_a_failed_execution_of_a_finished_run_is_not_retried(run, settings):
    failed_on_a_worker(seconds_ago=3600)
    PayoutRun.objects.filter(pk=run.pk).update(status=RunStatus.AWAITING)

    assert payout_runs_recover_task.call() == 0
