"""Concurrency tests start real threads together, each on its own database connection."""

import threading

from django.db import connection


def run_together(targets) -> list:
    """Call every target at the same moment, each in its own thread and connection.

    Returns what each returned, or the exception it raised (every outcome is a finding).
    """
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait(timeout=30)
            results[index] = target()
        except Exception as error:  # noqa: BLE001
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
