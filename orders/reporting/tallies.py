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

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps as current_apps
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.money import NO_MONEY, to_fen
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

logger = logging.getLogger(__name__)

# Each table: the columns that name a row and the figures it holds (cooperative and month
# are derived from the key, but a rebuild checks them too).
WORK_KEY = ("order_id", "mother_id", "grain", "day")
WORK_FIGURES = ("cooperative_id", "month", "handed", "on_time", "inspected", "accepted", "rejected")
MOTHER_KEY = ("mother_id", "grain", "day")
MOTHER_MONEY = ("earning", "adjustment", "payout", "reversal")
MOTHER_FIGURES = (
    "cooperative_id",
    "month",
    "handed",
    "accepted",
    "handover_days",
    *MOTHER_MONEY,
    "earned_entries",
    "credits",
)
REJECTION_KEY = ("order_id", "reason_id", "grain", "day")
REJECTION_FIGURES = ("cooperative_id", "month", "pieces")
# Figures that are not counted or summed (a zero row is one whose other figures are all 0).
LABELS = ("cooperative_id", "month")


class ChinaDay(TruncDate):
    """The China date of a datetime, cut by the database: PostgreSQL's ``AT TIME ZONE``; on
    SQLite (where Django calls back into Python for every row) its own ``date()`` shifted by
    the zone's offset, which for Asia/Shanghai has been +8 hours all year since 1992."""

    def as_sqlite(self, compiler, connection, **extra):
        offset = _fixed_offset()
        if offset is None:
            return super().as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, %s)", (*params, f"{offset:+d} seconds")


def _fixed_offset() -> int | None:
    """The site's zone's offset from UTC in seconds, if it is the same all year round in
    every year near this one (no summer time); None otherwise."""
    zone = timezone.get_default_timezone()
    year = timezone.now().year
    offsets = {
        datetime.datetime(y, month, 1, tzinfo=zone).utcoffset()
        for y in range(year - 30, year + 30)
        for month in (1, 7)
    }
    return int(offsets.pop().total_seconds()) if len(offsets) == 1 else None


def china_day(path: str) -> TruncDate:
    """The China date of the datetime at ``path``, cut by the database."""
    return ChinaDay(path, tzinfo=timezone.get_default_timezone())


class Models:
    """The models a rebuild reads and writes, from an app registry: the project's, or a
    migration's historical one (so migration 0013 backfills with this very code; a test run
    builds its database through that migration, so code that drifts from it fails at once)."""

    def __init__(self, apps=current_apps):
        for name in (
            "Handover",
            "Inspection",
            "LedgerEntry",
            "MotherTally",
            "ProductionOrder",
            "Rejection",
            "RejectionTally",
            "WorkTally",
        ):
            setattr(self, name, apps.get_model("orders", name))
        self.Membership = apps.get_model("marketplace", "Membership")


def current_results(m: Models | None = None):
    """The results that count: the inspections no other inspection corrects."""
    Inspection = (m or Models()).Inspection
    return Inspection.objects.filter(~Exists(Inspection.objects.filter(corrects_id=OuterRef("pk"))))


# What the records say ----------------------------------------------------------------


@dataclass
class Recount:
    """Every tally row the records call for (key → figures), and the stored flags."""

    work: dict = field(default_factory=dict)
    mother: dict = field(default_factory=dict)
    rejection: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)  # handover pk → current result pk
    late: dict = field(default_factory=dict)  # order pk → accepted_late


def _zeros(figures: tuple[str, ...]) -> dict:
    return {name: NO_MONEY if name in MOTHER_MONEY else 0 for name in figures if name not in LABELS}


def _work_days(m: Models) -> dict:
    """(order, mother, day) → figures, of the handovers received that day."""
    rows = {}
    handed = (
        m.Handover.objects.annotate(on=china_day("received_at"))
        .values("claim__order_id", "claim__mother_id", "on")
        .annotate(
            n=Sum("count"),
            coop=F("claim__order__cooperative_id"),
            due=F("claim__order__due_date"),
        )
        .order_by()
    )
    for row in handed.iterator(chunk_size=5000):
        day = local_date(row["on"])
        key = (row["claim__order_id"], row["claim__mother_id"], Grain.DAY, day)
        figures = _zeros(WORK_FIGURES) | {"cooperative_id": row["coop"], "month": month_first(day)}
        figures["handed"] = row["n"]
        figures["on_time"] = row["n"] if day <= row["due"] else 0
        rows[key] = figures
    results = (
        current_results(m)
        .annotate(on=china_day("handover__received_at"))
        .values("handover__claim__order_id", "handover__claim__mother_id", "on")
        .annotate(n=Sum("count"), a=Sum("accepted"), r=Sum("rejected"))
        .order_by()
    )
    for row in results.iterator(chunk_size=5000):
        key = (
            row["handover__claim__order_id"],
            row["handover__claim__mother_id"],
            Grain.DAY,
            local_date(row["on"]),
        )
        rows[key].update(inspected=row["n"], accepted=row["a"], rejected=row["r"])
    return rows


def _rejection_days(m: Models) -> dict:
    rows = {}
    counted = (
        m.Rejection.objects.filter(
            ~Exists(m.Inspection.objects.filter(corrects_id=OuterRef("inspection_id")))
        )
        .annotate(on=china_day("inspection__handover__received_at"))
        .values("inspection__handover__claim__order_id", "reason_id", "on")
        .annotate(n=Sum("count"), coop=F("inspection__handover__claim__order__cooperative_id"))
        .order_by()
    )
    for row in counted.iterator(chunk_size=5000):
        day = local_date(row["on"])
        key = (row["inspection__handover__claim__order_id"], row["reason_id"], Grain.DAY, day)
        rows[key] = {"cooperative_id": row["coop"], "month": month_first(day), "pieces": row["n"]}
    return rows


def _mother_days(m: Models, work: dict) -> dict:
    """(mother, day) → figures: her work summed over orders, and her ledger entries."""
    coop = dict(m.Membership.objects.values_list("pk", "cooperative_id"))
    rows = {}

    def row(mother: int, day: datetime.date) -> dict:
        key = (mother, Grain.DAY, day)
        if key not in rows:
            rows[key] = _zeros(MOTHER_FIGURES) | {
                "cooperative_id": coop[mother],
                "month": month_first(day),
            }
        return rows[key]

    for (_order, mother, _grain, day), figures in work.items():
        mine = row(mother, day)
        mine["handed"] += figures["handed"]
        mine["accepted"] += figures["accepted"]
        mine["handover_days"] = 1 if mine["handed"] else 0
    entries = (
        m.LedgerEntry.objects.annotate(on=china_day("created_at"))
        .values("mother_id", "on", "kind")
        .annotate(total=Sum("amount"), n=Count("pk"), credits=Count("pk", filter=Q(amount__gt=0)))
        .order_by()
    )
    for entry in entries.iterator(chunk_size=5000):
        mine = row(entry["mother_id"], local_date(entry["on"]))
        mine[entry["kind"]] += entry["total"]
        if entry["kind"] in EntryKind.EARNED:
            mine["earned_entries"] += entry["n"]
            mine["credits"] += entry["credits"]
    return rows


def _months(days: dict, key_length: int) -> dict:
    """Month rows summed from day rows; ``handover_days`` counts her days with a handover."""
    months = {}
    for key, figures in days.items():
        month_key = (*key[:key_length], Grain.MONTH, figures["month"])
        total = months.get(month_key)
        if total is None:
            months[month_key] = dict(figures)
            continue
        for name, value in figures.items():
            if name not in LABELS:
                total[name] += value
    return months


def tallies_recount(m: Models) -> Recount:
    """Every tally as the records say it should be."""
    work = _work_days(m)
    mother = _mother_days(m, work)
    rejection = _rejection_days(m)
    late = (
        current_results(m)
        .annotate(on=china_day("inspected_at"))
        .filter(on__gt=F("handover__claim__order__due_date"))
        .values("handover__claim__order_id")
        .annotate(n=Sum("accepted"))
        .order_by()
    )
    return Recount(
        work=work | _months(work, 2),
        mother=mother | _months(mother, 1),
        rejection=rejection | _months(rejection, 2),
        results=dict(current_results(m).values_list("handover_id", "pk")),
        late={row["handover__claim__order_id"]: row["n"] for row in late},
    )


# Comparing and replacing -------------------------------------------------------------


@dataclass
class Difference:
    """How one table differs from its recount (each a list of keys, or of pks)."""

    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def counts(self) -> tuple[int, int, int]:
        return len(self.added), len(self.changed), len(self.removed)


def _is_zero(figures: dict) -> bool:
    return not any(value for name, value in figures.items() if name not in LABELS)


def _stored(model, key: tuple[str, ...], figures: tuple[str, ...]) -> dict:
    """key → (pk, figures) of the stored rows."""
    stored = {}
    for values in model.objects.values_list("pk", *key, *figures).iterator(chunk_size=5000):
        named = dict(zip(figures, values[1 + len(key) :], strict=True))
        row_key = values[1 : 1 + len(key)]
        stored[(*row_key[:-1], local_date(row_key[-1]))] = (values[0], named)
    return stored


def _compare(model, key, figures, wanted: dict) -> tuple[Difference, dict]:
    stored = _stored(model, key, figures)
    wanted = {k: v for k, v in wanted.items() if not _is_zero(v)}
    difference = Difference()
    for row_key, values in wanted.items():
        if row_key not in stored:
            difference.added.append(row_key)
        elif stored[row_key][1] != values:
            difference.changed.append(row_key)
    for row_key, (_pk, values) in stored.items():
        if row_key not in wanted and not _is_zero(values):
            difference.removed.append(row_key)
    return difference, stored


def _replace(model, key, difference: Difference, stored: dict, wanted: dict) -> None:
    """Delete the removed and changed rows, insert the added and changed ones (by plain
    many-row INSERTs: a year's backfill is hundreds of thousands of rows)."""
    gone = [stored[k][0] for k in (*difference.removed, *difference.changed)]
    for start in range(0, len(gone), 900):
        model.objects.filter(pk__in=gone[start : start + 900]).delete()
    figures = list(next(iter(wanted.values()), {}))
    names = [*key, *figures]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    rows = [
        [_param(n, v) for n, v in zip(names, (*k, *wanted[k].values()), strict=True)]
        for k in (*difference.added, *difference.changed)
    ]
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 (names only)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _compare_flags(m: Models, recount: Recount) -> dict[str, Difference]:
    results = Difference(
        changed=[
            pk
            for pk, result in m.Handover.objects.values_list("pk", "result_id").iterator(
                chunk_size=5000
            )
            if recount.results.get(pk) != result
        ]
    )
    late = Difference(
        changed=[
            pk
            for pk, stored in m.ProductionOrder.objects.values_list("pk", "accepted_late")
            if recount.late.get(pk, 0) != stored
        ]
    )
    return {"handover results": results, "orders accepted late": late}


def _replace_flags(m: Models, differences: dict[str, Difference], late: dict) -> None:
    changed = differences["handover results"].changed
    current = current_results(m).filter(handover_id=OuterRef("pk")).values("pk")
    for start in range(0, len(changed), 900):
        m.Handover.objects.filter(pk__in=changed[start : start + 900]).update(
            result=Subquery(current)
        )
    for pk in differences["orders accepted late"].changed:
        m.ProductionOrder.objects.filter(pk=pk).update(accepted_late=late.get(pk, 0))


TABLES = (
    ("work tallies", "WorkTally", WORK_KEY, WORK_FIGURES, "work"),
    ("mother tallies", "MotherTally", MOTHER_KEY, MOTHER_FIGURES, "mother"),
    ("rejection tallies", "RejectionTally", REJECTION_KEY, REJECTION_FIGURES, "rejection"),
)


def _lock_tallies(m: Models) -> None:
    """Keep every writer out until the rebuild commits: a writer whose records the rebuild
    does not yet see adds its tally deltas after it, onto the rebuilt rows. (SQLite's
    IMMEDIATE transaction already holds the whole database.)"""
    if connection.vendor == "postgresql":
        names = ", ".join(getattr(m, model)._meta.db_table for _label, model, *_rest in TABLES)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")


def tallies_rebuild(*, apply: bool = True, apps=current_apps) -> dict[str, Difference]:
    """Recount every tally from the records; replace what differs unless ``apply`` is False.
    Returns each table's difference (empty when the kept tallies were right). ``apps`` is a
    migration's app registry when a migration backfills."""
    m = Models(apps)
    with transaction.atomic():
        if apply:
            _lock_tallies(m)
        recount = tallies_recount(m)
        differences = _compare_flags(m, recount)
        if apply:
            _replace_flags(m, differences, recount.late)
        for label, model_name, key, figures, name in TABLES:
            model = getattr(m, model_name)
            wanted = getattr(recount, name)
            difference, stored = _compare(model, key, figures, wanted)
            if apply:
                _replace(model, key, difference, stored, wanted)
            differences[label] = difference
    return differences


# Keeping -----------------------------------------------------------------------------

GRAIN_RANK = {Grain.DAY: 0, Grain.MONTH: 1}


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


def _param(name: str, value):
    if isinstance(value, Grain):
        return value.value  # a driver may write an Enum by its name
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if name in MOTHER_MONEY:
        return to_fen(value)
    return value


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
