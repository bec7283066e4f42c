"""Background work of money (django_tasks): prepared files (payslip zips), and pruning them.

``PERIODIC_JOBS`` lists this module's periodic tasks with their period in seconds, for the
scheduler to run each at most once per period.
"""

import datetime

from django.conf import settings

from django_tasks import task

from orders.money.services.prepared import prepared_file_build, prepared_files_prune


@task()
def prepared_file_build_task(prepared_id: int) -> str:
    """Make a prepared file, counting its steps so that the waiting page shows them."""
    return prepared_file_build(prepared_id=prepared_id)


@task()
def prepared_files_prune_task() -> int:
    """Daily: delete prepared files older than settings.PREPARED_FILES_DAYS."""
    return prepared_files_prune(older_than=datetime.timedelta(days=settings.PREPARED_FILES_DAYS))


PERIODIC_JOBS = ((prepared_files_prune_task, 24 * 60 * 60),)
