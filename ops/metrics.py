"""Prometheus counters of what happens on the site, counted where it happens.

They are prometheus_client counters: in-memory increments, nothing written to the database on
a claim's or a payment's path. Under gunicorn (several processes per app server) and beside
db_worker processes, PROMETHEUS_MULTIPROC_DIR names a directory every process of the machine
writes its counts to, and /metrics sums them (prometheus_client's multiprocess mode); without
it (the demo, the tests) the counts are the one process's. This module imports no Django, so
it is safe to import before settings.
"""

import os

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.multiprocess import MultiProcessCollector

# Registered here, not in prometheus_client's global registry: /metrics decides what to show.
COUNTERS = CollectorRegistry(auto_describe=True)

CLAIMS = Counter(
    "mamagang_claims",
    "Claims made or changed by mothers (a claim set to more than zero pieces).",
    registry=COUNTERS,
)
PAYMENTS = Counter(
    "mamagang_payments",
    "Purchases whose payment Stripe confirmed.",
    registry=COUNTERS,
)
TASK_FAILURES = Counter(
    "mamagang_task_failures",
    "Background tasks that ended in an exception.",
    ["task"],
    registry=COUNTERS,
)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def counters_collector(registry: CollectorRegistry) -> None:
    """Adds the counters to ``registry``: every process's of this machine in multiprocess
    mode, else this process's."""
    if path := multiprocess_dir():
        MultiProcessCollector(registry, path=path)
    else:
        registry.register(COUNTERS)
