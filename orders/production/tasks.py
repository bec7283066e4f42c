"""Background work of production (django_tasks; cron runs the management command)."""

from wagtail.images import get_image_model

from django_tasks import task

from orders.models import PayoutRun
from orders.money.services.payouts import run_execute
from orders.production.services.orders import claims_return_past_due
from orders.production.services.requests import windows_close_due


@task()
def claims_return_past_due_task() -> int:
    """Daily: unfinished parts of past-due claims return to the pool."""
    return claims_return_past_due()


@task()
def windows_close_due_task() -> int:
    """Every few minutes: share out the request windows whose time has come."""
    return windows_close_due()


@task()
def payout_run_execute_task(run_id: int) -> str:
    """Pay a payout run's Stripe payouts (resumable: each is paid at most once, whoever runs
    it and however often). Immediate in the demo; on a worker in production, so the
    coordinator's page shows the progress instead of waiting."""
    return run_execute(PayoutRun.objects.get(pk=run_id)).status


@task()
def photo_renditions_create_task(image_id: int, specs: list[str]) -> int:
    """Make an uploaded photo's renditions (orders.production.services.photos); a photo
    deleted since is skipped. Immediate in the demo; on a worker in production, so no web
    worker decodes it."""
    image = get_image_model().objects.filter(pk=image_id).first()
    return len(image.get_renditions(*specs)) if image else 0
