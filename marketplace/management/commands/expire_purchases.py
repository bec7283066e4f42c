"""``manage.py expire_purchases``: for cron, e.g. every 5 minutes."""

from django.core.management.base import BaseCommand

from marketplace.services.payments import purchases_settle_overdue


class Command(BaseCommand):
    help = "Expire unpaid purchases past their stock reservation and return their stock."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"expire_purchases: {purchases_settle_overdue()} expired")
