"""``manage.py expire_purchases``: enqueues the expiry job (marketplace.tasks), e.g. from cron
while no scheduler runs; with the immediate backend it runs here and says what it did."""

from django.core.management.base import BaseCommand

from marketplace.background import outcome
from marketplace.tasks import purchases_settle_overdue_task


class Command(BaseCommand):
    help = "Expire unpaid purchases past their stock reservation and return their stock."

    def handle(self, *args, **options) -> None:
        result = purchases_settle_overdue_task.enqueue()
        self.stdout.write(f"expire_purchases: {outcome(result)} expired")
