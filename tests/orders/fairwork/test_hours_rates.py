"""The rules added to orders/fairwork/hours.py for fair rates: the least rate that pays a
minimum, the minimum in force for several regions at once, and the claim page's durations."""

from datetime import date
from decimal import Decimal

import pytest

from orders.fairwork.hours import (
    duration_label,
    duration_steps,
    least_rate,
    minimum_wage_in_force,
    minimum_wages_in_force,
    minutes_for,
    pays_minimum,
)
from tests.factories import MinimumWageFactory, RegionFactory


@pytest.mark.parametrize(
    ("minimum", "minutes", "least"),
    [("24.00", "7", "2.80"), ("24.00", "6.5", "2.60"), ("25.30", "7", "2.96")],
)
def test_the_least_rate_is_rounded_up_and_pays_the_minimum(minimum, minutes, least):
    rate = least_rate(minimum=Decimal(minimum), minutes_per_piece=Decimal(minutes))
    assert rate == Decimal(least)
    assert pays_minimum(rate=rate, minutes_per_piece=Decimal(minutes), minimum=Decimal(minimum))
    one_fen_less = rate - Decimal("0.01")
    assert not pays_minimum(
        rate=one_fen_less, minutes_per_piece=Decimal(minutes), minimum=Decimal(minimum)
    )


@pytest.mark.django_db
def test_the_minimums_of_several_regions_are_those_in_force_one_by_one():
    qingdao, jinan, empty = (
        RegionFactory(code="qd"),
        RegionFactory(code="jn"),
        RegionFactory(code="none"),
    )
    MinimumWageFactory(region=qingdao, effective_from=date(2023, 10, 1), hourly=Decimal("22"))
    MinimumWageFactory(region=qingdao, effective_from=date(2025, 10, 1))
    MinimumWageFactory(region=jinan, effective_from=date(2027, 1, 1))
    day = date(2026, 11, 30)
    found = minimum_wages_in_force(region_ids={qingdao.pk, jinan.pk, empty.pk}, day=day)
    assert found == {qingdao.pk: minimum_wage_in_force(region_id=qingdao.pk, day=day)}
    assert found[qingdao.pk].hourly == Decimal("24.00")


def test_duration_steps_agree_with_the_label_of_every_number():
    minutes = Decimal("9")
    steps = duration_steps(minutes_per_piece=minutes, most=120)
    for pieces in range(1, 121):
        shown = [label for start, label in steps if start <= pieces][-1]
        assert shown == duration_label(minutes_for(pieces=pieces, minutes_per_piece=minutes))
    assert len(steps) < 50  # only where the label changes


def test_no_steps_for_no_pieces():
    assert duration_steps(minutes_per_piece=Decimal("9"), most=0) == []
