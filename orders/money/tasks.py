"""Background work of the mothers' money (django.tasks; README, "Background work"): paying a
payout run, prepared files (payslip zips), and pruning them.

``PERIODIC_JOBS`` lists this module's periodic tasks with their period in seconds, for the
scheduler to run each at most once per period.
"""

import datetime

from django.conf import settings
from django.tasks import task

from orders.models import PayoutRun
from orders.money.services.payouts import run_execute
from orders.money.services.prepared import prepared_file_build, prepared_files_prune


@task()
def payout_run_execute_task(*, run_id: int) -> str:
    """Pay a payout run's Stripe payouts. Not retried by itself: a run that fails is shown
    on its page with a button to try again (orders.money.selectors.payouts.run_failure),
    and trying again pays only what is still unpaid, each payout once, whoever runs it."""
    return run_execute(PayoutRun.objects.get(pk=run_id)).status


@task()
def prepared_file_build_task(prepared_id: int) -> str:
    """Make a prepared file, counting its steps so that the waiting page shows them."""
    return prepared_file_build(prepared_id=prepared_id)


@task()
def prepared_files_prune_task() -> int:
    """Daily: delete prepared files older than settings.PREPARED_FILES_DAYS."""
    return prepared_files_prune(older_than=datetime.timedelta(days=settings.PREPARED_FILES_DAYS))


PERIODIC_JOBS = ((prepared_files_prune_task, 24 * 60 * 60),)
