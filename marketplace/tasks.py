"""Background work of the market (django_tasks; cron can run the management command)."""

from django_tasks import task

from marketplace.services.payments import purchases_settle_overdue


@task()
def purchases_settle_overdue_task() -> int:
    """Every few minutes: unpaid purchases past their reservation give their stock back."""
    return purchases_settle_overdue()
