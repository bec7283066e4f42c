"""``manage.py seed_demo``: the demo marketplace and showcase, safe to run again."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketplace.demo import DEMO_LOGINS, seed_marketplace, seed_purchases
from orders.demo import FEDERATION_LOGIN, seed_orders
from showcase.demo import seed_showcase
from station.demo.directory import EMPLOYER_LOGIN, seed_directory
from station.demo.matching import seed_matching
from station.demo.training import seed_training

# Wagtail logs every page action and django.tasks every search/reference-index task at INFO:
# hundreds of lines that would bury the summary. -v 2 lets them through.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "django.tasks")


class Command(BaseCommand):
    help = (
        "Create the demo data of 妈妈岗 · 巾帼好品: cooperatives, products, coordinators, "
        "mothers and a buyer, purchases from unpaid to delivered (no emails, no Stripe calls), "
        "and the Chinese and English showcase pages with drawn pictures. "
        "Creates only what is missing, so it can be run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even though DEBUG is off (benchmarks). Never on a real site: the demo "
            "logins and passwords are public.",
        )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates accounts with published passwords; it runs only with "
                "DEBUG on (the demo), or with --allow-without-debug for a throwaway database."
            )
        with quiet(CHATTY_LOGGERS, enabled=verbosity < 2), transaction.atomic():
            marketplace = seed_marketplace(stdout=self.stdout)
            seed_purchases(marketplace, stdout=self.stdout)
            seed_orders(marketplace, stdout=self.stdout)
            showcase = seed_showcase(marketplace, stdout=self.stdout)
            seed_directory(home=showcase["home"], stdout=self.stdout)
            seed_training(showcase, stdout=self.stdout)
            seed_matching(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo ready: home page “{showcase['home'].title}”."))
        self.write_logins()

    def write_logins(self) -> None:
        self.stdout.write("\nDemo logins (role, username, password):")
        for role, username, password in [*DEMO_LOGINS, FEDERATION_LOGIN, EMPLOYER_LOGIN]:
            self.stdout.write(f"  {role:<12} {username:<16} {password}")


@contextmanager
def quiet(names: tuple[str, ...], *, enabled: bool = True) -> Iterator[None]:
    """Raise the named loggers to WARNING for the duration, then restore their levels."""
    loggers = [logging.getLogger(name) for name in names] if enabled else []
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
