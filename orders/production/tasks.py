"""Background work of production (django.tasks; README, "Background work").

PERIODIC_JOBS lists the jobs a scheduler enqueues each period, with the period in seconds:
each is a module-level task called with no arguments, and idempotent, so a run that fails is
enqueued again and one that runs twice changes nothing."""

from django.tasks import task

from wagtail.images import get_image_model

from marketplace.background import retried_on_failure
from orders.production.services.orders import claims_return_past_due, order_notify_eligible
from orders.production.services.requests import windows_close_due


@task()
def claims_return_past_due_task(attempt: int = 1) -> int:
    """Daily: unfinished parts of past-due claims return to the pool."""
    with retried_on_failure(claims_return_past_due_task, attempt=attempt):
        return claims_return_past_due()


@task()
def windows_close_due_task(attempt: int = 1) -> int:
    """Every few minutes: share out the request windows whose time has come."""
    with retried_on_failure(windows_close_due_task, attempt=attempt):
        return windows_close_due()


@task()
def order_notify_eligible_task(*, order_pk: int) -> int:
    """A published order's e-mails to the mothers who may take it: each is a send of its
    own (marketplace.tasks.email_send_task), keyed by order and mother, so this can run
    again without telling anyone twice."""
    return order_notify_eligible(order_pk)


@task()
def photo_renditions_create_task(image_id: int, specs: list[str]) -> int:
    """Make an uploaded photo's renditions (orders.production.services.photos); a photo
    deleted since is skipped. Immediate in the demo; on a worker in production, so no web
    worker decodes it."""
    image = get_image_model().objects.filter(pk=image_id).first()
    return len(image.get_renditions(*specs)) if image else 0


# Claims are due by the day (Asia/Shanghai): hourly finds each new day's within the hour.
PERIODIC_JOBS = (
    (claims_return_past_due_task, 60 * 60),
    (windows_close_due_task, 5 * 60),
)
