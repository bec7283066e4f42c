"""The rules where a piece rate meets an hour (orders/fairwork/hours.py)."""

from datetime import date
from decimal import Decimal

from django.utils import translation

import pytest

from marketplace.models import MinimumWage, Region
from orders.fairwork.hours import (
    duration_label,
    effective_hourly_pay,
    effective_pays_minimum,
    hourly_pay,
    minimum_wage_in_force,
    pay_spread,
    pays_minimum,
)


def test_hourly_pay_is_rounded_down_to_the_fen():
    # ¥2.50 a piece at 7 minutes: 21.428571… an hour, shown as 21.42 (never 21.43).
    assert hourly_pay(rate=Decimal("2.50"), minutes_per_piece=Decimal("7")) == Decimal("21.42")
    assert hourly_pay(rate=Decimal("3.00"), minutes_per_piece=Decimal("6")) == Decimal("30.00")


def test_the_check_is_exact_before_rounding():
    # 0.4166 a piece at 1 minute = 24.996 an hour: below a 25.00 minimum, shown as 24.99.
    rate, minutes = Decimal("0.4166"), Decimal("1")
    assert not pays_minimum(rate=rate, minutes_per_piece=minutes, minimum=Decimal("25.00"))
    assert hourly_pay(rate=rate, minutes_per_piece=minutes) == Decimal("24.99")
    # Exactly the minimum pays it.
    assert pays_minimum(
        rate=Decimal("2.50"), minutes_per_piece=Decimal("6"), minimum=Decimal("25.00")
    )


def test_zero_minutes_are_refused():
    with pytest.raises(ValueError):
        hourly_pay(rate=Decimal("1"), minutes_per_piece=Decimal("0"))


def test_effective_hourly_pay_needs_reported_time():
    assert effective_hourly_pay(earned=Decimal("100.00"), minutes=0) is None
    assert effective_hourly_pay(earned=Decimal("100.00"), minutes=270) == Decimal("22.22")


@pytest.mark.django_db
def test_the_minimum_in_force_on_a_date():
    region = Region.objects.create(code="bj", name="北京市", name_en="Beijing")
    old = MinimumWage.objects.create(
        region=region, hourly=Decimal("24.00"), effective_from=date(2023, 9, 1), source="x"
    )
    new = MinimumWage.objects.create(
        region=region, hourly=Decimal("25.30"), effective_from=date(2025, 9, 1), source="y"
    )
    assert minimum_wage_in_force(region_id=region.pk, day=date(2023, 8, 31)) is None
    assert minimum_wage_in_force(region_id=region.pk, day=date(2023, 9, 1)) == old
    assert minimum_wage_in_force(region_id=region.pk, day=date(2025, 8, 31)) == old
    assert minimum_wage_in_force(region_id=region.pk, day=date(2025, 9, 1)) == new
    assert minimum_wage_in_force(region_id=None, day=date(2025, 9, 1)) is None


@pytest.mark.parametrize(
    ("minutes", "zh", "en"),
    [
        (3, "约 5 分钟", "about 5 minutes"),
        (27, "约 25 分钟", "about 25 minutes"),
        (240, "约 4 小时", "about 4 hours"),
        (375, "约 6.5 小时", "about 6.5 hours"),
        (360, "约 6 小时", "about 6 hours"),
    ],
)
def test_duration_label(minutes, zh, en):
    with translation.override("en"):
        assert duration_label(minutes) == en
    with translation.override("zh-hans"):
        assert duration_label(minutes) == zh


# The spread of reported pay across mothers ------------------------------------------------


def test_pay_spread_takes_each_mother_once_and_rounds_down():
    # ¥28.00 over 2 h = 14/h; ¥100 over 7 h = 14.2857…/h; ¥60 over 3 h = 20/h; ¥10 over 1 h.
    reports = [
        (Decimal("28.00"), 120),
        (Decimal("100.00"), 420),
        (Decimal("60.00"), 180),
        (Decimal("10.00"), 60),
    ]

    spread = pay_spread(reports=reports, minimum=Decimal("15.00"))

    assert spread.mothers == 4
    # Inclusive quartiles of 10, 14, 14.2857…, 20: 13.0, 14.1428…, 15.7142…
    assert (spread.low, spread.median, spread.high) == (
        Decimal("13.00"),
        Decimal("14.14"),
        Decimal("15.71"),
    )
    assert spread.below is True


def test_pay_spread_compares_the_median_exactly():
    # Three mothers at exactly ¥25.00 an hour: at the minimum, not below it.
    reports = [(Decimal("25.00"), 60), (Decimal("50.00"), 120), (Decimal("12.50"), 30)]
    assert pay_spread(reports=reports, minimum=Decimal("25.00")).below is False
    # ¥24.996 an hour: shown as 24.99 and below.
    reports = [(Decimal("24.996"), 60)] * 3
    spread = pay_spread(reports=reports, minimum=Decimal("25.00"))
    assert spread.median == Decimal("24.99") and spread.below is True
    assert pay_spread(reports=reports, minimum=None).below is None


def test_effective_pays_minimum_is_exact():
    assert effective_pays_minimum(earned=Decimal("25.00"), minutes=60, minimum=Decimal("25.00"))
    assert not effective_pays_minimum(earned=Decimal("24.99"), minutes=60, minimum=Decimal("25.00"))
