"""``manage.py rebuild_rollups``: recount the tallies (orders.models.tallies), each handover's
current result and each order's pieces accepted late from the records, and replace what
differs; ``--check`` only reports the differences and exits 1 if there are any.

Run it after anything that writes records behind the services' back (a bulk load, a restore,
a hand-made fix); the services keep the tallies themselves."""

import time

from django.core.management.base import BaseCommand

from orders.reporting.tallies import tallies_rebuild


class Command(BaseCommand):
    help = "Recount the roll-up tallies from the records (--check: only report differences)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="change nothing; exit 1 if anything differs"
        )

    def handle(self, *args, check: bool = False, **options) -> None:
        started = time.perf_counter()
        differences = tallies_rebuild(apply=not check)
        for table, difference in differences.items():
            added, changed, removed = difference.counts()
            self.stdout.write(f"{table}: {added} added, {changed} changed, {removed} removed")
        verb = "checked" if check else "rebuilt"
        self.stdout.write(f"{verb} in {time.perf_counter() - started:.1f} s")
        if check and any(differences.values()):
            self.stderr.write("the kept tallies differ from the records")
            raise SystemExit(1)
