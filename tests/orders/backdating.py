"""Moving records back in time, for tests that stand for the past: the services stamp every
handover, inspection and ledger entry with the present, and a test then moves it to the
moment it names.

Inspections and ledger entries are append-only in the database (on PostgreSQL a trigger
refuses any UPDATE: orders/migrations/0010_ledger_append_only.py), so a test moves them the
way only the tables' owner can, in one transaction: trigger off, update, trigger on.

The tallies (orders/models/tallies.py) count each record on its China day, as the services
wrote it: a test that moves records in time recounts them afterwards, as an operator would
with ``manage.py rebuild_rollups`` (``backdated`` does; handovers move by ``handovers_moved``).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import QuerySet

from orders.models import Handover
from orders.reporting.tallies import tallies_rebuild


def backdated(rows: QuerySet, **times) -> int:
    """``rows.update(**times)`` on inspections or ledger entries, round their trigger."""
    with transaction.atomic(using=rows.db), _trigger_off(rows):
        moved = rows.update(**times)
    tallies_rebuild()
    return moved


def handovers_moved(rows: QuerySet[Handover], **times) -> int:
    """``rows.update(**times)`` on handovers (``received_at``), then the tallies recounted."""
    moved = rows.update(**times)
    tallies_rebuild()
    return moved


@contextmanager
def _trigger_off(rows: QuerySet) -> Iterator[None]:
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    table = rows.model._meta.db_table
    trigger = f"{table}_append_only"
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no foreign-key check: run those the test's open transaction
        # has deferred to its commit now, and defer them again after (Django's own way).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(trigger)}")
        yield
        cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(trigger)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
