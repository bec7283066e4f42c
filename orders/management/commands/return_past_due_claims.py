"""``manage.py return_past_due_claims``: enqueues the job (orders.production.tasks), e.g. from
cron while no scheduler runs; with the immediate backend it runs here and says what it did."""

from django.core.management.base import BaseCommand

from marketplace.background import outcome
from orders.production.tasks import claims_return_past_due_task


class Command(BaseCommand):
    help = "Return the unfinished part of past-due claims to their orders' pools."

    def handle(self, *args, **options) -> None:
        result = claims_return_past_due_task.enqueue()
        self.stdout.write(f"return_past_due_claims: {outcome(result)} pieces returned")
