"""Periodic jobs without an outside cron: each registered job runs at most once per period,
however many schedulers run (``manage.py run_scheduler``, one or more per cluster).

Each app's ``tasks`` modules (``<app>/tasks.py`` and ``<app>/<room>/tasks.py``) may declare
``PERIODIC_JOBS = ((task, period_seconds), ...)``. Periods are aligned on the Unix epoch, so
every scheduler computes the same period start; the first to insert the row
``(job, period start)`` enqueues the job's task, the others hit the unique constraint and skip.
A period nobody was running for is not caught up: the next period runs as usual.
"""

import importlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction

from ops.models import PeriodicRun
from ops.requestid import request_id_bound

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    task: Any  # a django.tasks Task
    period: int  # seconds

    @property
    def name(self) -> str:
        return self.task.module_path

    def period_start(self, now: datetime) -> datetime:
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % self.period, tz=UTC)


def tasks_modules() -> list[str]:
    """The project's apps' tasks modules, at the app's root or one room down."""
    names = []
    for app in apps.get_app_configs():
        root = Path(app.path)
        if not root.is_relative_to(settings.BASE_DIR) or "site-packages" in root.parts:
            continue  # third-party apps schedule nothing of ours
        for path in sorted([*root.glob("tasks.py"), *root.glob("*/tasks.py")]):
            names.append(".".join([app.name, *path.relative_to(root).with_suffix("").parts]))
    return names


def periodic_jobs_discover() -> list[PeriodicJob]:
    jobs = []
    for name in tasks_modules():
        module = importlib.import_module(name)
        jobs += [PeriodicJob(task, period) for task, period in getattr(module, "PERIODIC_JOBS", ())]
    return jobs


def period_claim(*, job: PeriodicJob, period_start: datetime) -> bool:
    """Insert the period's row and enqueue the job, together or not at all (a failed enqueue
    leaves the period free for the next tick). False when another scheduler had it."""
    # With the immediate backend (the demo, the tests) the job runs right here, inside this
    # transaction; on the database backend it is one more row of the same transaction.
    try:
        with transaction.atomic(), request_id_bound():  # the job's log lines share an id
            PeriodicRun.objects.create(job=job.name, period_start=period_start)
            job.task.enqueue()
            logger.info("periodic job enqueued job=%s period_start=%s", job.name, period_start)
    except IntegrityError:
        return False
    return True


@dataclass
class Scheduler:
    jobs: list[PeriodicJob]
    # The last period each job was settled for by this scheduler (won or lost): one INSERT
    # per job and period, not one per tick.
    settled: dict[str, datetime] = field(default_factory=dict)

    def tick(self, now: datetime) -> list[str]:
        """Enqueue every job whose period has come and no scheduler has taken; returns the
        names of the jobs this scheduler enqueued."""
        enqueued = []
        for job in self.jobs:
            start = job.period_start(now)
            if self.settled.get(job.name) == start:
                continue
            if period_claim(job=job, period_start=start):
                enqueued.append(job.name)
            self.settled[job.name] = start
        return enqueued
