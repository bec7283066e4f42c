"""Concurrency tests start real threads together, each on its own database connection."""

import contextlib
import itertools
import logging
import threading
from collections import Counter

from django.db import OperationalError, connection

import psycopg.errors
import pytest


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


# SQLite's IMMEDIATE transactions queue every writer: lock-order races are PostgreSQL's alone.
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and deadlocks are PostgreSQL's"
)


class Race:
    """Groups of calls released together, each call allowed to end only in one of its
    group's kinds (a returned value or a raised exception of those types)."""

    def __init__(self):
        self.groups: list[tuple[list, tuple[type, ...]]] = []

    def add(self, targets, *allowed: type) -> None:
        self.groups.append((list(targets), allowed))

    def run(self) -> Counter:
        """Every outcome's kind, counted; fails naming any call that ended otherwise, and if
        any transaction had to be run again after a deadlock (the retry hides it otherwise)."""
        calls = [call for call in _round_robin(self._tagged()) if call]
        with _retries_noted() as retries:
            results = run_together([target for target, _allowed in calls])
        assert not retries, retries
        unexpected = [
            _kind(result)
            for result, (_target, allowed) in zip(results, calls, strict=True)
            if not isinstance(result, allowed)
        ]
        assert not unexpected, Counter(unexpected)
        return Counter(type(result).__name__ for result in results)

    def _tagged(self):
        return [[(target, allowed) for target in targets] for targets, allowed in self.groups]


@contextlib.contextmanager
def _retries_noted():
    """What ``marketplace.locks`` logs when it runs a transaction again, from any thread."""
    noted = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = lambda record: noted.append(record.getMessage()[:200])
    logger = logging.getLogger("marketplace.locks")
    logger.addHandler(handler)
    try:
        yield noted
    finally:
        logger.removeHandler(handler)


def _round_robin(groups):
    """One of each group in turn, so the threads of every group start interleaved."""
    return itertools.chain.from_iterable(itertools.zip_longest(*groups))


def _kind(result) -> str:
    first_line = str(result).split("\n", 1)[0]
    return f"{type(result).__name__}: {first_line}"[:200]


# What Django raises when the database gives up on a transaction ---------------------------


def caused_by(cause: Exception) -> OperationalError:
    """The error Django raises for ``cause``, the driver's (Django chains it the same way)."""
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


def deadlock() -> OperationalError:
    return caused_by(psycopg.errors.DeadlockDetected("deadlock detected"))


def serialization_failure() -> OperationalError:
    return caused_by(psycopg.errors.SerializationFailure("could not serialize access"))


def sqlite_busy() -> OperationalError:
    return OperationalError("database is locked")
