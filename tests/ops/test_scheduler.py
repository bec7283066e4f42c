"""Periodic jobs run once per period however many schedulers run (ops.scheduler)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.utils import timezone

import pytest

from ops.models import Heartbeat, PeriodicRun
from ops.scheduler import PeriodicJob, Scheduler, periodic_jobs_discover
from ops.tasks import heartbeat_task
from tests.ops.jobs import run_record_task, runs_recorded
from tests.threads import run_together

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.datetime(2026, 11, 30, 8, 0, 30, tzinfo=datetime.UTC)


def test_discovery_finds_each_apps_periodic_jobs():
    jobs = {job.name: job.period for job in periodic_jobs_discover()}

    assert jobs["ops.tasks.heartbeat_task"] == 60


def test_periods_are_aligned_so_every_scheduler_agrees():
    job = PeriodicJob(run_record_task, 60)

    assert job.period_start(NOW) == job.period_start(NOW + datetime.timedelta(seconds=29))
    assert job.period_start(NOW) == datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_the_job_once():
    # given two schedulers looking at the same moment, each in its own thread and connection
    schedulers = [Scheduler([PeriodicJob(run_record_task, 60)]) for _ in range(2)]

    # when
    enqueued = run_together([lambda s=s: s.tick(NOW) for s in schedulers])

    # then one of them enqueued it, the other saw the period taken
    assert sorted(map(len, enqueued)) == [0, 1]
    assert runs_recorded() == 1
    assert PeriodicRun.objects.count() == 1


@pytest.mark.django_db
def test_a_job_runs_again_next_period_and_not_before():
    scheduler = Scheduler([PeriodicJob(run_record_task, 60)])
    second = datetime.timedelta(seconds=1)

    scheduler.tick(NOW)
    scheduler.tick(NOW + 20 * second)  # same period
    Scheduler(scheduler.jobs).tick(NOW + 25 * second)  # a scheduler started since
    scheduler.tick(NOW + 40 * second)  # the next period

    assert runs_recorded() == 2


@pytest.mark.django_db
def test_the_heartbeat_job_records_the_beat_and_forgets_old_runs():
    old = PeriodicRun.objects.create(job="gone", period_start=NOW - datetime.timedelta(days=8))

    Scheduler([PeriodicJob(heartbeat_task, 60)]).tick(timezone.now())

    assert Heartbeat.objects.get(name="worker").beat_at > timezone.now() - datetime.timedelta(
        seconds=10
    )
    assert not PeriodicRun.objects.filter(pk=old.pk).exists()


# Two real scheduler processes -----------------------------------------------------------


def environment_for_test_database() -> dict:
    """The environment a manage.py process needs to use this test's database."""
    settings = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(settings["NAME"])
    else:
        host = quote(settings["HOST"] or "", safe="")
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return env


def start_scheduler(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_two_scheduler_processes_run_each_job_once_and_stop_on_sigterm():
    # given two schedulers started at the same time on the same database
    env = environment_for_test_database()
    processes = [start_scheduler(env) for _ in range(2)]
    deadline = time.monotonic() + 60
    while PeriodicRun.objects.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # both are past their first looks, at 0.2 s each

    # when both are told to stop
    for process in processes:
        process.send_signal(signal.SIGTERM)
    outputs = [process.communicate(timeout=30)[0] for process in processes]

    # then each stopped cleanly, and each period of each job was enqueued by one of them
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert all("scheduler: stopped" in output for output in outputs), outputs
    enqueued = Counter(
        line.removeprefix("enqueued ")
        for output in outputs
        for line in output.splitlines()
        if line.startswith("enqueued ")
    )
    runs = Counter(PeriodicRun.objects.values_list("job", flat=True))
    assert enqueued == runs
    assert runs["ops.tasks.heartbeat_task"] in (1, 2)  # 2 if a minute turned meanwhile
    assert Heartbeat.objects.filter(name="worker").exists()  # the immediate backend ran it
