"""The one lock order of the site, and what to do when the database still gives up on us.

Every transaction that locks, or conditionally updates, rows of more than one kind takes them
top to bottom in this order, and several rows of one kind in primary-key order (as Saleor's
``lock_objects.py`` and Oscar's allocation do):

    production order → its claims → their handovers → the purchases it serves → their lines
        → products (stock)
    production order → its claims → the cooperative's materials (a kit issued or returned)
    cooperative → payout run → its payouts → a mother's ledger (her membership row)

A parent is locked before its children even when only a child changes: a claim change first
locks its production order, a line's step first locks its purchase. Two transactions that
both keep the order may queue for each other but never in a circle, so PostgreSQL has no
deadlock to break. (SQLite's IMMEDIATE transactions take the whole database at BEGIN.)

``orders`` sits above ``marketplace`` (it imports it, never the reverse), so the levels of its
own tables are taken in ``orders/locks.py`` with the same ``lock_rows``.

Whatever can still fail — a deadlock on a path nobody foresaw, a serialization failure,
SQLite's busy timeout — is run once more by ``atomic_with_retry``, then answered with
BusyTryAgain: a message for the person, never a 500.
"""

import functools
import logging

from django.db import OperationalError, transaction
from django.db.models import QuerySet

from marketplace.exceptions import BusyTryAgain
from marketplace.models import Cooperative, Product, Purchase, PurchaseLine

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for "aborted to break a deadlock" and "could not serialize".
DEADLOCK_DETECTED, SERIALIZATION_FAILURE = "40P01", "40001"


# Taking locks ------------------------------------------------------------------------------


def lock_rows(queryset: QuerySet) -> list:
    """Lock the rows of ``queryset`` in primary-key order, in the current transaction, and
    return them.

    Lock in a deterministic order so that concurrent requests wanting some of the same rows
    queue behind one another instead of each holding a row the other needs. FOR NO KEY UPDATE
    (what an UPDATE itself takes) keeps out every other locker and writer of the rows, but not
    the INSERT of a row that points at them, so recording an event or a new claim never waits
    on a lock that guards counters and statuses. Only the queryset's own table is locked, not
    the rows it ``select_related``.
    """
    assert transaction.get_connection().in_atomic_block, "locks last only as long as a transaction"
    return list(queryset.select_for_update(no_key=True, of=("self",)).order_by("pk"))


def lock_row(queryset: QuerySet):
    """The one row of ``queryset``, locked (DoesNotExist if there is none)."""
    rows = lock_rows(queryset)
    if not rows:
        raise queryset.model.DoesNotExist
    return rows[0]


def purchase_lock(pk: int) -> Purchase:
    return lock_row(Purchase.objects.filter(pk=pk))


def purchase_and_lines_lock(pk: int) -> tuple[Purchase, list[PurchaseLine]]:
    """A purchase and all its lines, before its stock moves."""
    purchase = purchase_lock(pk)
    return purchase, lock_rows(PurchaseLine.objects.filter(purchase_id=pk))


def purchase_lines_lock(lines: QuerySet) -> list[PurchaseLine]:
    """The ``lines``, locked after the purchases they belong to (a purchase before its lines)."""
    lock_rows(Purchase.objects.filter(pk__in=lines.values("purchase_id")))
    return lock_rows(lines)


def cooperative_lock(pk: int) -> Cooperative:
    return lock_row(Cooperative.objects.filter(pk=pk))


def product_lock(pk: int) -> Product:
    """A product alone (the last level of the lock order), e.g. while its timed samples and
    their median change together."""
    return lock_row(Product.objects.filter(pk=pk))


# When the database gives up on us ------------------------------------------------------------


def lock_conflict(error: OperationalError) -> bool:
    """Whether the database aborted our transaction to resolve a conflict over locks, so that
    running it again from the start may well succeed."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in {DEADLOCK_DETECTED, SERIALIZATION_FAILURE} or (
        "database is locked" in str(error)
    )


def retry_once_when_busy(func):
    """Run ``func`` once more when the database aborted it over a lock conflict; a second
    conflict raises BusyTryAgain. ``func`` must be a whole transaction: inside an outer one the
    conflict passes up untouched, for whoever owns that transaction to retry or answer."""

    @functools.wraps(func)
    def retried(*args, **kwargs):
        if transaction.get_connection().in_atomic_block:
            return func(*args, **kwargs)
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            if not lock_conflict(error):
                raise
            logger.warning("%s: %s; running it once more", func.__qualname__, _first_line(error))
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            if not lock_conflict(error):
                raise
            raise BusyTryAgain from error

    return retried


def atomic_with_retry(func):
    """``transaction.atomic``, whose whole block runs once more after a lock conflict."""
    return retry_once_when_busy(transaction.atomic(func))


def _first_line(error: Exception) -> str:
    return str(error).split("\n", 1)[0]
