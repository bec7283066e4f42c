"""Coordinators timing the same product at the same moment: every sample counts in the
standard time, however the transactions interleave (real threads, each on its own
connection; PostgreSQL's READ COMMITTED is where a median of the rows one saw goes stale)."""

from decimal import Decimal

import pytest

from orders.fairwork.services.timing import standard_minutes_of, timing_sample_record
from orders.models import TimingSample
from tests.factories import ProductFactory
from tests.threads import run_together

# Minutes a piece of each coordinator's sample (1 piece each): their median is 8.
TIMES = ["5", "6", "7", "8", "8", "20", "30", "40", "9"]


@pytest.mark.django_db(transaction=True)
def test_samples_recorded_at_once_all_count_in_the_median():
    product = ProductFactory()

    def record(minutes: str):
        return lambda: timing_sample_record(
            product=product, pieces=1, minutes=Decimal(minutes), actor=None
        )

    outcomes = run_together([record(minutes) for minutes in TIMES])

    assert all(isinstance(outcome, TimingSample) for outcome in outcomes), outcomes
    product.refresh_from_db()
    assert standard_minutes_of(TimingSample.objects.filter(product=product)) == Decimal("8.00")
    assert product.standard_minutes == Decimal("8.00")
