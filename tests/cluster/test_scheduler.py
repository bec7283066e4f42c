"""The cluster's scheduler and a second `manage.py run_scheduler` on the cluster's database,
with the same settings (tests/cluster/conftest.py starts it with the package's first test,
as an operator would on a second machine): each periodic job is enqueued once per period
however many schedulers look, and the cluster's worker runs it once.

The check reads the scheduler's rows (ops.PeriodicRun, one per job and period) and the
task queue (django-tasks-db's results): per job, every period that has a row has exactly one
enqueued task, and no enqueued task lacks its row."""

import time
from collections import Counter

from tests.cluster import parts

pytestmark = parts.MARKS

# Both schedulers look every 5 s: this long into a new period, both have looked.
LOOKED_WITHIN = 15

# Run by `manage.py shell` on the cluster's database: per periodic job, its period, the
# periods its rows hold and when each of its tasks was enqueued by a scheduler (with no
# arguments: a failed run enqueues its retry with the attempt's number), as Unix times.
RUNS = """
import json
from django_tasks_db.models import DBTaskResult
from ops.models import PeriodicRun
from ops.scheduler import periodic_jobs_discover
jobs = {}
for job in periodic_jobs_discover():
    runs = PeriodicRun.objects.filter(job=job.name).values_list("period_start", flat=True)
    tasks = DBTaskResult.objects.filter(task_path=job.name, args_kwargs__kwargs={})
    jobs[job.name] = {
        "period": job.period,
        "runs": sorted(p.timestamp() for p in runs),
        "enqueued": sorted(t.timestamp() for t in tasks.values_list("enqueued_at", flat=True)),
        "ran": tasks.filter(status="SUCCESSFUL").count(),
    }
print(MARK + json.dumps(jobs))
"""


def test_two_schedulers_enqueue_each_periodic_job_once_per_period(cluster, second_scheduler):
    # given the second scheduler running since the package's first test, through the start
    # of at least one new minute period, and the cluster's own scheduler still running
    began = second_scheduler["started"]
    new_period = began - began % 60 + 60
    time.sleep(max(0, new_period + LOOKED_WITHIN - time.time()))
    assert second_scheduler["process"].poll() is None
    assert parts.running(cluster, "scheduler")

    jobs = parts.shell(cluster, "the periodic runs", RUNS.replace("MARK", repr(parts.MARK)))
    assert jobs

    for name, job in jobs.items():
        period = job["period"]
        enqueued = Counter(t - t % period for t in job["enqueued"])
        # then each job was enqueued once in each period it has a row for, and only then
        assert len(job["enqueued"]) == len(job["runs"]), (name, job)
        assert set(enqueued.values()) == {1}, (name, enqueued)
        # and every job ran for the period in which the cluster started
        assert job["runs"] and job["ran"] >= 1, (name, job)
    # and the minute jobs had a period that began while both schedulers ran
    minute_jobs = {name: job for name, job in jobs.items() if job["period"] == 60}
    assert minute_jobs
    for name, job in minute_jobs.items():
        assert any(start >= began for start in job["runs"]), (name, job)
