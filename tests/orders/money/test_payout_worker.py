"""A payout run paid by a real task worker (``manage.py db_worker`` on the test database):
the coordinator's page only enqueues it; a run that fails on the worker is said on its page
and tried again from there; a worker killed in the middle leaves what it paid paid, and
trying again on a new worker pays the rest — each mother exactly once — whether the
coordinator presses "Resume paying" or the periodic recovery job takes the run up.

PostgreSQL only, and slow (each test starts worker processes): tests/worker.py."""

import os
import signal

from django.tasks import TaskResultStatus

import pytest
from django_tasks_db.models import DBTaskResult

from orders.models import EntryKind, LedgerEntry, PayoutRun, PayoutStatus, RunStatus
from orders.money.tasks import payout_run_execute_task, payout_runs_recover_task
from tests.fake_stripe_connect import FakeConnect
from tests.orders.factories import knot_order
from tests.orders.money_world import earning_mother, start, stripe_profile
from tests.pages import en
from tests.worker import DATABASE_BACKEND, db_worker, postgres_only, slow, wait_for

pytestmark = [postgres_only, slow, pytest.mark.django_db(transaction=True)]

MOTHERS = 4


@pytest.fixture
def fake_connect(settings):
    fake = FakeConnect().start()
    settings.STRIPE_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def on_the_worker(settings):
    """This process enqueues on the database backend, as production does."""
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}


@pytest.fixture
def team(cooperative, coordinator):
    """Four mothers on Stripe who earned 10, 20, 30 and 40 knots at ¥3.50."""
    order = knot_order(cooperative, quantity=1000, max_per_mother=500)
    return [
        earning_mother(
            order, accepted=10 * n, actor=coordinator.user, **stripe_profile(f"acct_m{n}")
        )
        for n in range(1, MOTHERS + 1)
    ]


def expected_fen() -> dict[str, int]:
    return {f"acct_m{n}": 10 * n * 350 for n in range(1, MOTHERS + 1)}


def run_done() -> bool:
    return PayoutRun.objects.get().status == RunStatus.DONE


def executions() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=payout_run_execute_task.module_path).order_by(
            "enqueued_at"
        )
    )


def test_the_page_enqueues_the_run_and_the_worker_pays_each_mother_once(
    coordinator_client, cooperative, team, fake_connect, on_the_worker
):
    # when the coordinator starts the run on its page
    response = start(coordinator_client, cooperative)
    run = PayoutRun.objects.get()
    assert response.status_code == 302

    # then the request only enqueued it: nobody is paid yet
    assert set(run.payouts.values_list("status", flat=True)) == {PayoutStatus.PENDING}
    assert [task.status for task in executions()] == [TaskResultStatus.READY]
    assert fake_connect.transfers == {}

    # and a worker pays it
    with db_worker(STRIPE_API_BASE=fake_connect.url):
        wait_for(run_done)
    assert fake_connect.paid_to() == expected_fen()
    (task,) = executions()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["test-worker"]


def test_a_run_that_failed_on_the_worker_is_said_and_tried_again_from_its_page(
    coordinator_client, cooperative, team, fake_connect, on_the_worker
):
    # given a proxy that garbles Stripe's answer to the first transfer
    fake_connect.garble = 1
    start(coordinator_client, cooperative)
    run = PayoutRun.objects.get()
    with db_worker(STRIPE_API_BASE=fake_connect.url):
        wait_for(lambda: executions()[-1].status == TaskResultStatus.FAILED)

        # then the run's page says the payment did not finish, with a button to try again
        page = coordinator_client.get(en("co_payout_run", run.pk)).content.decode()
        assert 'id="run-failure"' in page
        assert "The payment did not finish: AttributeError: id Please try again." in page
        assert fake_connect.transfers == {}

        # when she tries again, the same worker pays everyone, once
        coordinator_client.post(en("co_payout_resume", run.pk))
        wait_for(run_done)

    assert fake_connect.paid_to() == expected_fen()
    assert [task.status for task in executions()] == [
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]
    page = coordinator_client.get(en("co_payout_run", run.pk)).content.decode()
    assert 'id="run-failure"' not in page


def test_a_worker_killed_mid_run_leaves_it_for_try_again_and_nobody_is_paid_twice(
    coordinator_client, cooperative, team, fake_connect, on_the_worker
):
    # given a worker paying a run slowly (each transfer takes half a second)
    fake_connect.slow = 0.5
    start(coordinator_client, cooperative)
    run = PayoutRun.objects.get()
    with db_worker(STRIPE_API_BASE=fake_connect.url, worker_id="doomed") as doomed:
        wait_for(lambda: len(fake_connect.transfers) >= 1, what="the first transfer")
        # when it is killed outright (no chance to record anything more)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)

    # then django-tasks-db keeps its task RUNNING (it has no notion of a dead worker) and a
    # new worker does not take it up by itself
    with db_worker(STRIPE_API_BASE=fake_connect.url, worker_id="second"):
        assert [task.status for task in executions()] == [TaskResultStatus.RUNNING]
        assert run.payouts.filter(status=PayoutStatus.PENDING).exists()
        # and the page offers to go on paying; doing so, the new worker finishes the run
        page = coordinator_client.get(en("co_payout_run", run.pk)).content.decode()
        assert 'id="stripe-waiting"' in page
        coordinator_client.post(en("co_payout_resume", run.pk))
        wait_for(run_done)

    assert fake_connect.paid_to() == expected_fen()
    assert len(fake_connect.transfers) == MOTHERS  # each mother's transfer made once
    assert executions()[-1].worker_ids == ["second"]


def killed_mid_run(fake_connect) -> None:
    """A worker paying the run slowly (half a second a transfer) is killed outright after
    its first transfer, with no chance to record anything more."""
    fake_connect.slow = 0.5
    with db_worker(STRIPE_API_BASE=fake_connect.url, worker_id="doomed") as doomed:
        wait_for(lambda: len(fake_connect.transfers) >= 1, what="the first transfer")
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)


def test_the_recovery_job_hands_a_killed_workers_run_to_another_and_each_mother_is_paid_once(
    coordinator_client, cooperative, team, fake_connect, on_the_worker, settings
):
    # given a run whose worker was killed mid-run, and a second worker waiting for work
    start(coordinator_client, cooperative)
    killed_mid_run(fake_connect)
    with db_worker(STRIPE_API_BASE=fake_connect.url, worker_id="second"):
        # when the recovery job runs before the execution is stale, it leaves it alone
        settings.PAYOUT_TASK_STALE_SECONDS = 60
        assert payout_runs_recover_task.call() == 0
        assert [task.status for task in executions()] == [TaskResultStatus.RUNNING]

        # and once nothing has moved for PAYOUT_TASK_STALE_SECONDS, it enqueues the run again
        settings.PAYOUT_TASK_STALE_SECONDS = 1
        wait_for(lambda: payout_runs_recover_task.call() == 1, timeout=10, what="recovery")

        # then the second worker finishes the run without anyone pressing a button
        wait_for(run_done, timeout=30)

    # and each mother was paid exactly once, at Stripe and in her ledger
    assert fake_connect.paid_to() == expected_fen()
    assert len(fake_connect.transfers) == MOTHERS
    assert set(PayoutRun.objects.get().payouts.values_list("status", flat=True)) == {
        PayoutStatus.PAID
    }
    paid = LedgerEntry.objects.filter(kind=EntryKind.PAYOUT)
    assert sorted(paid.values_list("mother_id", flat=True)) == sorted(m.pk for m in team)
    assert not LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).exists()
    # the dead worker's execution says why it was replaced; the new one succeeded on "second"
    dead, replacement = executions()
    assert dead.status == TaskResultStatus.FAILED
    assert dead.traceback.startswith("ExecutionStalled: no payout moved for 1 s on worker doomed")
    assert replacement.status == TaskResultStatus.SUCCESSFUL
    assert replacement.worker_ids == ["second"]
    # and the run's page shows no failure
    page = coordinator_client.get(en("co_payout_run", PayoutRun.objects.get().pk)).content
    assert b'id="run-failure"' not in page
