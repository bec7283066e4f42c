"""``manage.py close_request_windows``: enqueues the job (orders.production.tasks), e.g. from
cron while no scheduler runs; with the immediate backend it runs here and says what it did."""

from django.core.management.base import BaseCommand

from marketplace.background import outcome
from orders.production.tasks import windows_close_due_task


class Command(BaseCommand):
    help = "Share out the request-window orders whose requests have closed."

    def handle(self, *args, **options) -> None:
        result = windows_close_due_task.enqueue()
        self.stdout.write(f"close_request_windows: {outcome(result)} orders shared out")
