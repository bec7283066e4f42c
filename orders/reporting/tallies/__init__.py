"""The one place that keeps the tallies (orders/models/tallies.py) and rebuilds them.

Keeping: the services call :func:`tallies_handover_add`, :func:`tallies_result_replace` and
:func:`tallies_entries_add` inside their own transactions, after their locks, with the
records they wrote. Each turns them into deltas for the day row and the month row they fall
in and adds them in one pass over the rows, in one fixed order everywhere — work, then
rejection, then mother tallies; within a table by key, a day row before its month row — so
two writers queue behind each other and never in a circle. A delta is added by
``INSERT … ON CONFLICT … DO UPDATE SET x = x + EXCLUDED.x`` (SQLite and PostgreSQL alike):
whichever of two concurrent writers inserts the row, the other adds to it, and no increment
is lost. A delta that takes a count down (a correction) goes to a row its handover already
made, by a plain ``UPDATE`` (PostgreSQL checks the proposed row of an INSERT, negative
counts and all, before it sees the conflict).

Rebuild: :func:`tallies_rebuild` recomputes every tally row, ``Handover.result`` and
``ProductionOrder.accepted_late`` from the records — handovers, the current results (the
inspection nobody corrects, found with NOT EXISTS), their rejections and the ledger — and
replaces what differs (or, with ``apply=False``, only reports it). China days are cut by the
database (``TruncDate`` in Asia/Shanghai); month rows are summed from the day rows in Python.

A row whose every figure is zero (a rejection reason a correction took back) counts as no row.
"""

from orders.reporting.tallies.keep import (
    tallies_entries_add,
    tallies_handover_add,
    tallies_result_replace,
)
from orders.reporting.tallies.rebuild import tallies_fill_if_empty, tallies_rebuild
from orders.reporting.tallies.shape import china_day, current_results

__all__ = [
    "china_day",
    "current_results",
    "tallies_entries_add",
    "tallies_fill_if_empty",
    "tallies_handover_add",
    "tallies_rebuild",
    "tallies_result_replace",
]
