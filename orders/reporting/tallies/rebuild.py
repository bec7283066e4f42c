"""Recounting the tallies from the records and replacing what differs (package docstring:
orders/reporting/tallies)."""

import datetime
from dataclasses import dataclass, field

from django.apps import apps as current_apps
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum

from marketplace.money import NO_MONEY
from orders.dates import local_date, month_first
from orders.models import (
    EntryKind,
    Grain,
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
    Models,
    _param,
    china_day,
    current_results,
)

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


def tallies_fill_if_empty(*, using: str = DEFAULT_DB_ALIAS, **_signal) -> bool:
    """After ``migrate`` (post_migrate): a database with records but no tallies yet — one
    migrated across orders 0013 — has them counted, so no page reads empty tallies. Three
    small queries otherwise. Returns whether it counted."""
    m = Models()
    if using != DEFAULT_DB_ALIAS or m.MotherTally.objects.exists():
        return False
    if not (m.Handover.objects.exists() or m.LedgerEntry.objects.exists()):
        return False
    tallies_rebuild()
    return True
