"""Keeping the tallies in the writers' own transactions (package docstring:
orders/reporting/tallies)."""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import F

from orders.dates import local_date, month_first
from orders.models import (
    Claim,
    EntryKind,
    Grain,
    Handover,
    Inspection,
    LedgerEntry,
    MotherTally,
    ProductionOrder,
    Rejection,
    RejectionTally,
    WorkTally,
)
from orders.reporting.tallies.rebuild import (
    _zeros,
)
from orders.reporting.tallies.shape import (
    LABELS,
    MOTHER_FIGURES,
    MOTHER_KEY,
    MOTHER_MONEY,
    REJECTION_FIGURES,
    REJECTION_KEY,
    WORK_FIGURES,
    WORK_KEY,
    _param,
)

# Keeping -----------------------------------------------------------------------------

GRAIN_RANK = {Grain.DAY: 0, Grain.MONTH: 1}

logger = logging.getLogger(__name__)


class _Deltas:
    """The tally deltas of one write, by table and row key, added up before they are saved."""

    def __init__(self):
        self.tables = {
            WorkTally: (WORK_KEY, defaultdict(lambda: defaultdict(int))),
            RejectionTally: (REJECTION_KEY, defaultdict(lambda: defaultdict(int))),
            MotherTally: (MOTHER_KEY, defaultdict(lambda: defaultdict(int))),
        }
        self.labels = {}

    def add(self, model, key: tuple, day: datetime.date, cooperative_id: int, **figures) -> None:
        """Add ``figures`` to the day row of ``day`` and to its month row."""
        first = month_first(day)
        for grain, start in ((Grain.DAY, day), (Grain.MONTH, first)):
            row_key = (*key, grain, start)
            self.labels[(model, row_key)] = {"cooperative_id": cooperative_id, "month": first}
            row = self.tables[model][1][row_key]
            for name, value in figures.items():
                row[name] += value

    def save(self) -> None:
        """Add every delta, row by row in lock order; rows in a run of inserts-or-adds go
        in one statement (a payout run's hundreds of mothers in a few)."""
        for model, (key, rows) in self.tables.items():
            batch = []
            for keys in sorted(rows, key=_row_order):
                figures = {name: value for name, value in rows[keys].items() if value}
                if not figures:
                    continue
                if any(v < 0 for n, v in figures.items() if n not in MOTHER_MONEY):
                    _upsert_all(model, key, batch)
                    batch = []
                    _update(model, key, keys, figures)
                else:
                    batch.append((keys, self.labels[(model, keys)] | figures))
            _upsert_all(model, key, batch)


def _upsert_all(model, key: tuple[str, ...], rows: list) -> None:
    for start in range(0, len(rows), 400):
        _upsert(model, key, rows[start : start + 400])


def _row_order(row_key: tuple) -> tuple:
    *key, grain, day = row_key
    return (*key, GRAIN_RANK[grain], day)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _combine(model, name: str) -> str:
    """How an inserted row's figure joins the stored one: added, except a day row's
    ``handover_days``, which says whether she handed anything over that day."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = _column(model, name)
    added = f"{table}.{column} + EXCLUDED.{column}"
    if model is MotherTally and name == "handover_days":
        handed = _column(model, "handed")
        grain = _column(model, "grain")
        return (
            f"CASE WHEN {table}.{grain} = 'day' THEN "
            f"(CASE WHEN {table}.{handed} + EXCLUDED.{handed} > 0 THEN 1 ELSE 0 END) "
            f"ELSE {added} END"
        )
    return added


FIGURES = {WorkTally: WORK_FIGURES, MotherTally: MOTHER_FIGURES, RejectionTally: REJECTION_FIGURES}


def _upsert(model, key: tuple[str, ...], rows: list, returning: tuple[str, ...] = ()) -> list:
    """Insert ``rows`` ((key values, labels and figures) pairs, in lock order, one per key),
    or add their figures to the stored rows; returns the ``returning`` columns of each.
    Every column is named (a figure not given is 0): Django's defaults are not the
    database's."""
    if not rows:
        return []
    names = [*key, *FIGURES[model]]
    counted = [name for name in FIGURES[model] if name not in LABELS]
    quote = connection.ops.quote_name
    columns = ", ".join(_column(model, name) for name in names)
    conflict = ", ".join(_column(model, name) for name in key)
    updates = ", ".join(f"{_column(model, name)} = {_combine(model, name)}" for name in counted)
    placeholders = "(" + ", ".join(["%s"] * len(names)) + ")"
    # Only the model's own table and column names go into the text; values are parameters.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
        + ", ".join([placeholders] * len(rows))
        + f" ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(_column(model, name) for name in returning)
    zero = _zeros(FIGURES[model])
    params = []
    for keys, figures in rows:
        full = [*keys, *[(zero | figures)[name] for name in FIGURES[model]]]
        params += [_param(name, value) for name, value in zip(names, full, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def _update(model, key: tuple[str, ...], keys: tuple, figures: dict) -> None:
    """Add ``figures`` (some negative) to a row that must exist."""
    moved = [name for name, value in figures.items() if value]
    updates = ", ".join(f"{_column(model, n)} = {_column(model, n)} + %s" for n in moved)
    where = " AND ".join(f"{_column(model, name)} = %s" for name in key)
    params = [_param(n, figures[n]) for n in moved] + [
        _param(name, value) for name, value in zip(key, keys, strict=True)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {updates} WHERE {where}", params)  # noqa: S608
        if cursor.rowcount != 1:
            # The tallies had drifted from the records; rebuild_rollups --check says where.
            logger.error("%s %s: no row to take %s from", model.__name__, keys, figures)


def tallies_handover_add(*, handover: Handover, claim: Claim, order: ProductionOrder) -> None:
    """``handover`` was received: its pieces are handed over, on time or not, that day."""
    day = local_date(handover.received_at)
    pieces = handover.count
    deltas = _Deltas()
    on_time = pieces if day <= order.due_date else 0
    deltas.add(
        WorkTally,
        (order.pk, claim.mother_id),
        day,
        order.cooperative_id,
        handed=pieces,
        on_time=on_time,
    )
    deltas.save()
    # Her day row says whether it is her first handover of the day; the month counts it once.
    labels = {"cooperative_id": order.cooperative_id, "month": month_first(day)}
    figures = labels | {"handed": pieces, "handover_days": 1}
    [(handed,)] = _upsert(
        MotherTally,
        MOTHER_KEY,
        [((claim.mother_id, Grain.DAY, day), figures)],
        returning=("handed",),
    )
    first_today = int(handed == pieces)
    _upsert(
        MotherTally,
        MOTHER_KEY,
        [
            (
                (claim.mother_id, Grain.MONTH, month_first(day)),
                figures | {"handover_days": first_today},
            )
        ],
    )


def tallies_result_replace(
    *,
    handover: Handover,
    claim: Claim,
    order: ProductionOrder,
    old: Inspection | None,
    new: Inspection,
    entry: LedgerEntry,
) -> None:
    """``new`` is the handover's result now, in place of ``old`` (None at its first
    inspection); ``entry`` is the new result's earnings entry. The pieces move on the day the
    handover was received; the entry counts on the day it was recorded."""
    Handover.objects.filter(pk=handover.pk).update(result=new)
    day = local_date(handover.received_at)
    deltas = _Deltas()
    work = {
        "inspected": new.count - (old.count if old else 0),
        "accepted": new.accepted - (old.accepted if old else 0),
        "rejected": new.rejected - (old.rejected if old else 0),
    }
    deltas.add(WorkTally, (order.pk, claim.mother_id), day, order.cooperative_id, **work)
    for reason_id, pieces in _rejections_moved(old, new).items():
        deltas.add(RejectionTally, (order.pk, reason_id), day, order.cooperative_id, pieces=pieces)
    deltas.add(
        MotherTally, (claim.mother_id,), day, order.cooperative_id, accepted=work["accepted"]
    )
    _entries_deltas(deltas, [entry])
    deltas.save()
    late = _late(new, order) - (_late(old, order) if old else 0)
    if late:
        ProductionOrder.objects.filter(pk=order.pk).update(accepted_late=F("accepted_late") + late)


def _rejections_moved(old: Inspection | None, new: Inspection) -> dict[int, int]:
    """reason → pieces the new result rejects more (or fewer) for it than the old one."""
    moved = defaultdict(int)
    inspections = [new.pk, old.pk] if old else [new.pk]
    for inspection, reason, pieces in Rejection.objects.filter(
        inspection_id__in=inspections
    ).values_list("inspection_id", "reason_id", "count"):
        moved[reason] += pieces if inspection == new.pk else -pieces
    return {reason: pieces for reason, pieces in moved.items() if pieces}


def _late(result: Inspection, order: ProductionOrder) -> int:
    """The pieces ``result`` accepts after the order's due date (China dates)."""
    return result.accepted if local_date(result.inspected_at) > order.due_date else 0


def _entries_deltas(deltas: _Deltas, entries: Iterable[LedgerEntry]) -> None:
    for entry in entries:
        earned = entry.kind in EntryKind.EARNED
        deltas.add(
            MotherTally,
            (entry.mother_id,),
            local_date(entry.created_at),
            entry.cooperative_id,
            **{entry.kind: entry.amount},
            earned_entries=int(earned),
            credits=int(earned and entry.amount > 0),
        )


def tallies_entries_add(*, entries: Iterable[LedgerEntry]) -> None:
    """Ledger ``entries`` were recorded (an adjustment, a payout run's payouts, a reversal)."""
    deltas = _Deltas()
    _entries_deltas(deltas, entries)
    deltas.save()
