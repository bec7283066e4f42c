"""China's calendar, the one every figure, payslip and payout cut-off counts by.

Days, weeks (Monday first) and months begin at midnight in the site's time zone
(Asia/Shanghai), whoever reads them: an entry recorded at 23:59 on 31 January belongs to
January, one at 00:00 on 1 February to February, although both are 31 January in UTC. A
range of China dates is a :class:`DateRange`; a query bounds it by ``start_at`` (inclusive)
and ``end_at`` (exclusive), so no instant is counted twice or dropped between two ranges.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)
# The grains of the tally tables (orders.models.tallies.Grain's values; this module imports
# no model).
DAY, MONTH = "day", "month"


def midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of China date ``day``."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_default_timezone())


def midnight_after(day: datetime.date) -> datetime.datetime:
    """The first instant after China date ``day``: the midnight that ends it."""
    return midnight(day + datetime.timedelta(days=1))


def day_end(day: datetime.date) -> datetime.datetime:
    """The last instant of China date ``day`` (a payout run "up to" a day pays what was
    recorded up to and including it)."""
    return midnight_after(day) - datetime.timedelta(microseconds=1)


def month_first(day: datetime.date, shift: int = 0) -> datetime.date:
    """The first day of ``day``'s month, or of the month ``shift`` months later (earlier when
    negative)."""
    index = day.year * 12 + day.month - 1 + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of ``day``'s month and of the next."""
    first = month_first(day)
    return midnight(first), midnight(month_first(first, 1))


def local_date(value) -> datetime.date:
    """A period the database truncated (TruncWeek, TruncMonth …) as a China date: an aware
    datetime in the site's zone, a naive one, or already a date."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@dataclass(frozen=True)
class DateRange:
    """Inclusive China dates ``start``..``end``; ``start_at``/``end_at`` bound it in time."""

    start: datetime.date
    end: datetime.date

    @property
    def start_at(self) -> datetime.datetime:
        return midnight(self.start)

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the range (midnight after ``end``), exclusive."""
        return midnight_after(self.end)

    def q(self, field: str) -> Q:
        """``field`` (a datetime, or a path to one) falls inside the range."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_at})

    def weeks(self) -> list[datetime.date]:
        """The Mondays of the weeks the range touches."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        count = (self.end - monday).days // 7 + 1
        return [monday + datetime.timedelta(weeks=i) for i in range(count)]

    def months(self) -> list[datetime.date]:
        """The first days of the months the range touches."""
        first, months = month_first(self.start), []
        while first <= self.end:
            months.append(first)
            first = month_first(first, 1)
        return months

    def month(self, first: datetime.date) -> "DateRange":
        """The part of the range inside the month that begins on ``first``."""
        last = month_first(first, 1) - datetime.timedelta(days=1)
        return DateRange(max(first, self.start), min(last, self.end))

    def is_whole_month(self) -> bool:
        """The range is exactly one calendar month."""
        return self.start.day == 1 and self.end == month_first(self.start, 1) - ONE_DAY

    def tally_periods(self) -> list[tuple[str, datetime.date, datetime.date]]:
        """(grain, first, last ``day``) of the tally rows that add up to the range: its whole
        months as one span of month rows, and each partial month at its ends as a span of
        day rows (only the first and last months can be partial, so the whole ones are
        contiguous)."""
        parts = [self.month(first) for first in self.months()]
        whole = [part.start for part in parts if part.is_whole_month()]
        periods = [(DAY, part.start, part.end) for part in parts if not part.is_whole_month()]
        if whole:
            periods.append((MONTH, whole[0], whole[-1]))
        return periods

    def tally_q(self, prefix: str = "") -> Q:
        """The rows of a tally table (orders/models/tallies.py) that add up to the range: the
        month rows of its whole months and the day rows of the partial months at its ends.
        Each month comes from exactly one grain, so sums and per-month distinct counts over
        the rows are the range's. ``prefix`` is the path to the tally (``"tally__"``)."""
        rows = Q()
        for grain, first, last in self.tally_periods():
            rows |= Q(**{f"{prefix}grain": grain, f"{prefix}day__range": (first, last)})
        return rows
