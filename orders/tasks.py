"""Background work of production (django_tasks; cron runs the management command)."""

from django_tasks import task

from orders.services.orders import claims_return_past_due
from orders.services.requests import windows_close_due


@task()
def claims_return_past_due_task() -> int:
    """Daily: unfinished parts of past-due claims return to the pool."""
    return claims_return_past_due()


@task()
def windows_close_due_task() -> int:
    """Every few minutes: share out the request windows whose time has come."""
    return windows_close_due()
