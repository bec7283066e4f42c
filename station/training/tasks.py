"""Background work of training (django.tasks; README, "Background work")."""

from django.tasks import task

from marketplace.background import retried_on_failure
from station.training.services import course_reminders_send


@task()
def course_reminders_send_task(attempt: int = 1) -> int:
    """Daily: remind the women with a seat of tomorrow's sessions."""
    with retried_on_failure(course_reminders_send_task, attempt=attempt):
        return course_reminders_send()


# Once a day (periods start at 00:00 UTC, 08:00 in China: the morning before the session),
# so each woman is reminded once even on the immediate backend, which keeps no record of
# what it sent.
PERIODIC_JOBS = ((course_reminders_send_task, 24 * 60 * 60),)
