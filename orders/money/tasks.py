"""Background work of the mothers' money (django.tasks; README, "Background work")."""

from django.tasks import task

from orders.models import PayoutRun
from orders.money.services.payouts import run_execute


@task()
def payout_run_execute_task(*, run_id: int) -> str:
    """Pay a payout run's Stripe payouts. Not retried by itself: a run that fails is shown
    on its page with a button to try again (orders.money.selectors.payouts.run_failure),
    and trying again pays only what is still unpaid, each payout once, whoever runs it."""
    return run_execute(PayoutRun.objects.get(pk=run_id)).status
