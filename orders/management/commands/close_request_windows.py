"""``manage.py close_request_windows``: for cron, every five minutes."""

from django.core.management.base import BaseCommand

from orders.production.services.requests import windows_close_due


class Command(BaseCommand):
    help = "Share out the request-window orders whose requests have closed."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"close_request_windows: {windows_close_due()} orders shared out")
