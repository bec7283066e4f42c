"""What a tally row is: the columns that name it and the figures it holds, and the China day
of a moment as the database cuts it (package docstring: orders/reporting/tallies)."""

import datetime

from django.apps import apps as current_apps
from django.db import connection
from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.money import to_fen
from orders.models import Grain

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


def _param(name: str, value):
    if isinstance(value, Grain):
        return value.value  # a driver may write an Enum by its name
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if name in MOTHER_MONEY:
        return to_fen(value)
    return value
