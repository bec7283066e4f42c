"""The tallies (orders/models/tallies.py) kept by every write equal the tallies recounted
from the records."""

import pytest

from orders.models import Grain, MotherTally, WorkTally
from orders.reporting.tallies import tallies_rebuild
from tests.orders.factories import ProductionOrderFactory, earn, mother_for

pytestmark = pytest.mark.django_db


def test_rebuild_counts_the_records_and_then_finds_nothing_to_change():
    order = ProductionOrderFactory()
    mother = mother_for(order)
    earn(order, mother, accepted=3, rejected=2)
    WorkTally.objects.all().delete()
    MotherTally.objects.all().delete()

    differences = tallies_rebuild()

    assert differences["work tallies"].counts()[0] == 2
    assert not any(tallies_rebuild(apply=False).values())
    day = WorkTally.objects.get(grain=Grain.DAY)
    assert (day.handed, day.accepted, day.rejected, day.inspected) == (5, 3, 2, 5)
