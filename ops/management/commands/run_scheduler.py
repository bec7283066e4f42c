"""Enqueue the periodic jobs (ops.scheduler) until SIGTERM or SIGINT; as many may run as
you like, on as many machines: each job still runs once per period."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from ops.scheduler import Scheduler, periodic_jobs_discover

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic jobs' scheduler (stops on SIGTERM or SIGINT)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5.0, help="seconds between two looks (5)"
        )

    def handle(self, *args, interval: float, **options):
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        scheduler = Scheduler(periodic_jobs_discover())
        names = ", ".join(f"{job.name} every {job.period}s" for job in scheduler.jobs)
        self.stdout.write(f"scheduler: {names}", ending="\n")
        self.stdout.flush()
        while not stop.is_set():
            # A dropped connection (database restarted) is reopened at the next look.
            close_old_connections()
            try:
                for name in scheduler.tick(timezone.now()):
                    self.stdout.write(f"enqueued {name}")
            except DatabaseError:
                # The database is away: log it and look again; nothing was half-done.
                logger.exception("scheduler: the database does not answer")
            self.stdout.flush()
            stop.wait(interval)
        self.stdout.write("scheduler: stopped")
