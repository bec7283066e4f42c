"""The matching rule's edges: exactly at her hours, the 30-minute flexibility at each end,
skills, the bus, childcare, areas and closed positions."""

import datetime

from django.utils import timezone

import pytest

from station.matching.rules import fits
from tests.orders.factories import SkillFactory
from tests.station.matching.factories import AreaFactory, PositionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

T = datetime.time


def test_a_position_exactly_within_her_hours_fits():
    assert fits(position=PositionFactory(), registration=RegistrationFactory())


@pytest.mark.parametrize(
    ("starts", "ends"), [(T(8, 29), T(15, 30)), (T(8, 30), T(15, 31)), (T(8, 0), T(15, 0))]
)
def test_a_minute_outside_her_hours_does_not_fit(starts, ends):
    position = PositionFactory(starts_at=starts, ends_at=ends)
    assert not fits(position=position, registration=RegistrationFactory())


def test_starting_half_an_hour_later_widens_the_start_by_exactly_30_minutes():
    registration = RegistrationFactory(earliest_start=T(9, 0))
    assert fits(
        position=PositionFactory(starts_at=T(8, 30), starts_late=True), registration=registration
    )
    assert not fits(
        position=PositionFactory(starts_at=T(8, 29), starts_late=True), registration=registration
    )
    assert not fits(position=PositionFactory(starts_at=T(8, 30)), registration=registration)


def test_finishing_half_an_hour_earlier_widens_the_end_by_exactly_30_minutes():
    registration = RegistrationFactory(latest_finish=T(15, 0))
    assert fits(
        position=PositionFactory(ends_at=T(15, 30), leaves_early=True), registration=registration
    )
    assert not fits(
        position=PositionFactory(ends_at=T(15, 31), leaves_early=True), registration=registration
    )
    assert not fits(position=PositionFactory(ends_at=T(15, 30)), registration=registration)


def test_a_position_wanting_a_skill_she_lacks_does_not_fit():
    knot, dough = SkillFactory(), SkillFactory(slug="dough", name="花饽饽", name_en="Flower buns")
    position = PositionFactory()
    position.skills.set([knot, dough])
    assert not fits(position=position, registration=RegistrationFactory(skills=[knot]))
    assert fits(position=position, registration=RegistrationFactory(skills=[knot, dough]))


def test_she_who_needs_the_bus_fits_only_positions_with_a_bus_route():
    registration = RegistrationFactory(needs_bus=True)
    assert not fits(position=PositionFactory(bus_route="  "), registration=registration)
    assert fits(position=PositionFactory(bus_route="妈妈班车 1 路"), registration=registration)


def test_she_who_needs_childcare_fits_only_positions_offering_it():
    registration = RegistrationFactory(needs_childcare=True)
    assert not fits(position=PositionFactory(), registration=registration)
    assert fits(position=PositionFactory(holiday_childcare=True), registration=registration)


def test_a_position_in_another_area_does_not_fit():
    elsewhere = AreaFactory(slug="elsewhere", name="院上镇", name_en="Yuanshang")
    assert not fits(position=PositionFactory(area=elsewhere), registration=RegistrationFactory())


def test_a_closed_position_or_a_closed_registration_does_not_fit():
    assert not fits(position=PositionFactory(is_open=False), registration=RegistrationFactory())
    closed = RegistrationFactory(closed_at=timezone.now())
    assert not fits(position=PositionFactory(), registration=closed)
