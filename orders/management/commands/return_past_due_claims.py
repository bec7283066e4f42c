"""``manage.py return_past_due_claims``: for cron, once a day after midnight (Asia/Shanghai)."""

from django.core.management.base import BaseCommand

from orders.production.services.orders import claims_return_past_due


class Command(BaseCommand):
    help = "Return the unfinished part of past-due claims to their orders' pools."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"return_past_due_claims: {claims_return_past_due()} pieces returned")
