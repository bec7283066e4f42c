"""China's calendar (orders/dates.py): the one midnight, month and range every figure,
payslip and payout cut-off counts by."""

import datetime
import zoneinfo

from django.db.models import Q

import pytest

from orders.dates import (
    DateRange,
    local_date,
    midnight,
    midnight_after,
    month_bounds,
    month_first,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC


def test_a_china_day_begins_at_four_in_the_afternoon_utc_the_day_before():
    assert midnight(datetime.date(2026, 2, 1)) == datetime.datetime(2026, 1, 31, 16, tzinfo=UTC)
    assert midnight_after(datetime.date(2026, 1, 31)) == midnight(datetime.date(2026, 2, 1))


@pytest.mark.parametrize(
    ("day", "shift", "first"),
    [
        (datetime.date(2026, 3, 31), 0, datetime.date(2026, 3, 1)),
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 1)),
        (datetime.date(2026, 1, 15), -1, datetime.date(2025, 12, 1)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 1)),
        (datetime.date(2026, 4, 30), -11, datetime.date(2025, 5, 1)),
        (datetime.date(2026, 4, 30), -24, datetime.date(2024, 4, 1)),
    ],
)
def test_month_first_moves_by_whole_months(day, shift, first):
    assert month_first(day, shift) == first


def test_a_month_is_bounded_by_its_first_midnight_and_the_next_months():
    start, end = month_bounds(datetime.date(2024, 2, 17))
    assert start == datetime.datetime(2024, 2, 1, tzinfo=SHANGHAI)
    assert end == datetime.datetime(2024, 3, 1, tzinfo=SHANGHAI)


def test_local_date_reads_a_truncated_period_in_china():
    # Midnight of 1 February in Shanghai is still 31 January in UTC.
    assert local_date(datetime.datetime(2026, 1, 31, 16, tzinfo=UTC)) == datetime.date(2026, 2, 1)
    assert local_date(datetime.date(2026, 2, 1)) == datetime.date(2026, 2, 1)


RANGE = DateRange(datetime.date(2026, 1, 28), datetime.date(2026, 3, 3))


def test_a_range_is_bounded_from_its_first_midnight_to_the_one_after_its_last_day():
    assert RANGE.start_at == datetime.datetime(2026, 1, 28, tzinfo=SHANGHAI)
    assert RANGE.end_at == datetime.datetime(2026, 3, 4, tzinfo=SHANGHAI)
    assert RANGE.q("received_at") == Q(
        received_at__gte=RANGE.start_at, received_at__lt=RANGE.end_at
    )


def test_a_range_lists_the_weeks_and_months_it_touches():
    assert RANGE.weeks()[0] == datetime.date(2026, 1, 26)  # a Monday
    assert RANGE.weeks()[-1] == datetime.date(2026, 3, 2)
    assert RANGE.months() == [datetime.date(2026, m, 1) for m in (1, 2, 3)]


def test_the_part_of_a_range_inside_a_month():
    assert RANGE.month(datetime.date(2026, 1, 1)) == DateRange(
        datetime.date(2026, 1, 28), datetime.date(2026, 1, 31)
    )
    assert RANGE.month(datetime.date(2026, 2, 1)) == DateRange(
        datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)
    )


# Reading a range from the tally tables -------------------------------------------------------

D = datetime.date


def _days_read(rng: DateRange) -> list[datetime.date]:
    """Every China day the range's tally rows stand for, as often as they stand for it."""
    days = []
    for grain, first, last in rng.tally_periods():
        if grain == "month":
            last = month_first(last, 1) - datetime.timedelta(days=1)
        days += [first + datetime.timedelta(n) for n in range((last - first).days + 1)]
    return sorted(days)


@pytest.mark.parametrize(
    ("start", "end", "periods"),
    [
        (D(2026, 1, 10), D(2026, 1, 20), [("day", D(2026, 1, 10), D(2026, 1, 20))]),
        (D(2026, 1, 15), D(2026, 1, 15), [("day", D(2026, 1, 15), D(2026, 1, 15))]),
        (D(2026, 1, 1), D(2026, 1, 1), [("day", D(2026, 1, 1), D(2026, 1, 1))]),
        (D(2026, 1, 31), D(2026, 1, 31), [("day", D(2026, 1, 31), D(2026, 1, 31))]),
        (D(2026, 2, 1), D(2026, 2, 28), [("month", D(2026, 2, 1), D(2026, 2, 1))]),
        (D(2024, 2, 1), D(2024, 2, 28), [("day", D(2024, 2, 1), D(2024, 2, 28))]),
        (D(2024, 2, 1), D(2024, 2, 29), [("month", D(2024, 2, 1), D(2024, 2, 1))]),
        (
            D(2025, 12, 20),
            D(2026, 2, 3),
            [
                ("day", D(2025, 12, 20), D(2025, 12, 31)),
                ("day", D(2026, 2, 1), D(2026, 2, 3)),
                ("month", D(2026, 1, 1), D(2026, 1, 1)),
            ],
        ),
        (
            D(2026, 1, 1),
            D(2026, 12, 31),
            [("month", D(2026, 1, 1), D(2026, 12, 1))],
        ),
        (
            D(2025, 12, 1),
            D(2026, 12, 30),
            [("day", D(2026, 12, 1), D(2026, 12, 30)), ("month", D(2025, 12, 1), D(2026, 11, 1))],
        ),
        (
            D(2025, 12, 2),
            D(2026, 1, 31),
            [("day", D(2025, 12, 2), D(2025, 12, 31)), ("month", D(2026, 1, 1), D(2026, 1, 1))],
        ),
        (
            D(2026, 1, 31),
            D(2026, 2, 1),
            [("day", D(2026, 1, 31), D(2026, 1, 31)), ("day", D(2026, 2, 1), D(2026, 2, 1))],
        ),
    ],
)
def test_a_range_reads_its_whole_months_from_month_rows_and_its_ends_from_day_rows(
    start, end, periods
):
    rng = DateRange(start, end)
    assert rng.tally_periods() == periods
    # Every day of the range stands for once, and nothing outside it.
    assert _days_read(rng) == [start + datetime.timedelta(n) for n in range((end - start).days + 1)]


def test_tally_q_selects_each_period_by_grain_and_day():
    rng = DateRange(D(2025, 12, 20), D(2026, 2, 3))
    assert rng.tally_q("tally__") == (
        Q(tally__grain="day", tally__day__range=(D(2025, 12, 20), D(2025, 12, 31)))
        | Q(tally__grain="day", tally__day__range=(D(2026, 2, 1), D(2026, 2, 3)))
        | Q(tally__grain="month", tally__day__range=(D(2026, 1, 1), D(2026, 1, 1)))
    )
