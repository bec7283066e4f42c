"""Reads of the coordinator's payouts at /co/payouts/: her cooperatives' payout runs, one run
with its payouts, and one mother's statement.

Every read starts from the cooperatives the coordinator coordinates, so another
cooperative's run, payout or mother is simply not found whatever its id; counts and sums are
the database's, and each page takes the same number of queries however many payouts or
entries it shows.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.tasks import TaskResultStatus

from marketplace.background import last_failure
from marketplace.models import Membership
from marketplace.money import signed_money_text
from marketplace.selectors import coordinated_mothers, coordinator_cooperatives
from orders.models import (
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutRun,
    PayoutStatus,
    Rail,
    RunStatus,
    way_label,
)


def runs_for_coordinator(*, user) -> QuerySet[PayoutRun]:
    """Her cooperatives' payout runs, newest first, each with its cooperative and
    ``payout_count``, ``paid_count``, ``pending_count``, ``failed_count`` and
    ``problem_count`` (payouts whose mother reported a problem): one query a page."""
    payouts = "payouts"
    return (
        PayoutRun.objects.filter(cooperative__in=coordinator_cooperatives(user))
        .select_related("cooperative")
        .annotate(
            payout_count=Count(payouts),
            paid_count=Count(payouts, filter=Q(payouts__status=PayoutStatus.PAID)),
            pending_count=Count(payouts, filter=Q(payouts__status=PayoutStatus.PENDING)),
            failed_count=Count(payouts, filter=Q(payouts__status=PayoutStatus.FAILED)),
            problem_count=Count(payouts, filter=~Q(payouts__problem="")),
        )
        .order_by("-created_at", "-pk")
    )


def run_for_coordinator(*, user, run_id: int) -> PayoutRun | None:
    """One run of her cooperatives (with its counts), or None."""
    return runs_for_coordinator(user=user).filter(pk=run_id).first()


def run_failure(run: PayoutRun) -> str | None:
    """Why paying the unfinished ``run`` last failed on a worker (its error's last line), or
    None: the run's page says so and offers to try again."""
    if run.status != RunStatus.RUNNING:
        return None
    # Imported here: the tasks module imports services that read this module's selectors.
    from orders.money.tasks import payout_run_execute_task

    return last_failure(payout_run_execute_task, run_id=run.pk)


def executions_stalled(*, task_path: str, since: datetime.datetime) -> list:
    """The newest execution (a django-tasks-db result) of each still-running payout run that a
    worker took before ``since`` and that has moved none of the run's payouts since: its worker
    died (django-tasks-db keeps that task RUNNING for ever) or hangs. Progress is read from
    the payouts themselves: a transfer made (``paid_at``) or refused (its reversal entry)."""
    from django_tasks_db.models import DBTaskResult  # only the database backend keeps them

    candidates = DBTaskResult.objects.filter(
        task_path=task_path, status=TaskResultStatus.RUNNING, started_at__lt=since
    )
    return [
        execution
        for execution in candidates
        if _newest_of_run(execution, task_path) and not _run_moved(execution, since)
    ]


def executions_to_retry(*, task_path: str, now: datetime.datetime) -> list:
    """The newest execution of each still-running payout run that failed, while its run has
    had fewer than TASK_ATTEMPTS executions, once its wait is over (TASK_RETRY_SECONDS ×
    4^(executions - 1), as marketplace.background.retry_later waits): paying again is
    harmless, each payout being paid once."""
    from django_tasks_db.models import DBTaskResult

    failed = DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.FAILED)
    return [
        execution
        for execution in failed
        if _newest_of_run(execution, task_path)
        and PayoutRun.objects.filter(pk=_run_id(execution), status=RunStatus.RUNNING).exists()
        and _retry_due(execution, task_path, now)
    ]


def _retry_due(execution, task_path: str, now: datetime.datetime) -> bool:
    attempts = (
        type(execution)
        .objects.filter(task_path=task_path, args_kwargs__kwargs__run_id=_run_id(execution))
        .count()
    )
    wait = datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 4 ** (attempts - 1))
    return attempts < settings.TASK_ATTEMPTS and execution.finished_at + wait <= now


def _run_id(execution) -> int | None:
    return execution.args_kwargs.get("kwargs", {}).get("run_id")


def _newest_of_run(execution, task_path: str) -> bool:
    """A later execution of the same run (the coordinator's "Resume paying") has it in hand."""
    return (
        not type(execution)
        .objects.filter(
            task_path=task_path,
            args_kwargs__kwargs__run_id=_run_id(execution),
            enqueued_at__gt=execution.enqueued_at,
        )
        .exists()
    )


def _run_moved(execution, since: datetime.datetime) -> bool:
    run_id = _run_id(execution)
    if not PayoutRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).exists():
        return True  # finished, or gone: nothing to take up
    paid = Payout.objects.filter(run_id=run_id, paid_at__gte=since).exists()
    refused = LedgerEntry.objects.filter(
        payout__run_id=run_id, kind=EntryKind.REVERSAL, created_at__gte=since
    ).exists()
    return paid or refused


def payouts_of_run(run: PayoutRun) -> list[Payout]:
    """The run's payouts in the order of its preview (by the mother's name), each with her
    membership and account and ``way`` (how it travels): one query."""
    return list(payouts_of_run_stream(run))


def payouts_of_run_stream(run: PayoutRun, *, chunk_size: int = 2000) -> Iterator[Payout]:
    """As ``payouts_of_run``, fetched ``chunk_size`` at a time as they are read (for an
    export that streams: a city's run holds thousands)."""
    payouts = Payout.objects.filter(run_id=run.pk).select_related("mother__user").order_by("pk")
    for payout in payouts.iterator(chunk_size=chunk_size):
        payout.way = way_label(rail=payout.rail, method=payout.method)
        yield payout


@dataclass(frozen=True)
class Progress:
    """Where a run stands, counted from its payouts."""

    paid: int
    pending: int
    failed: int
    stripe_pending: int
    offline_pending: int
    confirmed: int
    problems: int

    @classmethod
    def of(cls, payouts: list[Payout]) -> "Progress":
        pending = [p for p in payouts if p.status == PayoutStatus.PENDING]
        stripe_pending = sum(1 for p in pending if p.rail == Rail.STRIPE)
        return cls(
            paid=sum(1 for p in payouts if p.status == PayoutStatus.PAID),
            pending=len(pending),
            failed=sum(1 for p in payouts if p.status == PayoutStatus.FAILED),
            stripe_pending=stripe_pending,
            offline_pending=len(pending) - stripe_pending,
            confirmed=sum(1 for p in payouts if p.receipt_confirmed_at),
            problems=sum(1 for p in payouts if p.problem),
        )


def payout_for_coordinator(*, user, run_id: int, payout_id: int) -> Payout | None:
    """One payout of one of her runs (with its run), or None."""
    return (
        Payout.objects.filter(
            pk=payout_id, run_id=run_id, run__cooperative__in=coordinator_cooperatives(user)
        )
        .select_related("run", "mother__user")
        .first()
    )


def mother_for_payouts(*, user, membership_id: int) -> Membership | None:
    """A mother of her cooperatives, active or not (her money outlives her membership)."""
    return (
        coordinated_mothers(user)
        .filter(pk=membership_id)
        .select_related("user", "cooperative")
        .first()
    )


def ledger_of_mother(membership: Membership) -> QuerySet[LedgerEntry]:
    """Her entries in that cooperative, newest first, each with who made it and what it
    stands for: the inspected handover's claim and order, or the payout and its run."""
    return (
        LedgerEntry.objects.filter(mother_id=membership.pk)
        .select_related(
            "created_by",
            "inspection__handover__claim__order__product",
            "payout__run",
        )
        .order_by("-created_at", "-pk")
    )


def entries_label(entries) -> list[LedgerEntry]:
    """Give each entry ``signed`` (+¥12.50, −¥50.00) and each payout or reversal entry's
    payout its ``way`` (no query)."""
    entries = list(entries)
    for entry in entries:
        entry.signed = signed_money_text(entry.amount, entry.currency)
        if entry.payout is not None:
            entry.payout.way = way_label(rail=entry.payout.rail, method=entry.payout.method)
    return entries
