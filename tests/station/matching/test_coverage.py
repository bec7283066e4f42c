"""The station's figures on /federation/: employers and positions whole, registrations and
placements by month and area under the small-cell rule."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from orders.dates import DateRange
from station.matching.coverage import station_coverage
from station.models import Outcome, Registration
from tests.factories import UserFactory
from tests.pages import en
from tests.station.matching.factories import (
    AreaFactory,
    EmployerFactory,
    PositionFactory,
    RecommendationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

SPAN = DateRange(datetime.date(2026, 9, 1), datetime.date(2026, 11, 30))


def registered(day: datetime.date, count: int, **fields) -> list[Registration]:
    made = [RegistrationFactory(user=UserFactory(), **fields) for _ in range(count)]
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    Registration.objects.filter(pk__in=[r.pk for r in made]).update(created_at=at)
    return made


def test_a_month_of_fewer_than_three_women_is_hidden_with_the_smallest_other():
    registered(datetime.date(2026, 9, 5), 3)
    registered(datetime.date(2026, 10, 5), 1)
    registered(datetime.date(2026, 11, 5), 4)

    table = station_coverage(SPAN).registrations_by_month

    shown = {cell.label: (cell.mothers, cell.hidden) for cell in table.cells}
    assert shown == {"2026-09": (3, True), "2026-10": (1, True), "2026-11": (4, False)}
    assert (table.total.mothers, table.total.hidden) == (8, False)


def test_fewer_than_three_women_in_all_show_no_total():
    registered(datetime.date(2026, 9, 5), 2)

    table = station_coverage(SPAN).registrations_by_area

    assert table.total.hidden and all(cell.hidden or not cell.mothers for cell in table.cells)


def test_placements_count_each_woman_once_by_the_positions_area():
    position = PositionFactory()
    for registration in registered(datetime.date(2026, 10, 5), 3):
        RecommendationFactory(
            registration=registration,
            position=position,
            outcome=Outcome.PLACED,
            outcome_at=timezone.make_aware(datetime.datetime(2026, 11, 2, 9)),
        )

    coverage = station_coverage(SPAN)

    assert [(c.label, c.mothers) for c in coverage.placements_by_month.cells][-1] == ("2026-11", 3)
    assert [c.mothers for c in coverage.placements_by_area.cells] == [3]


def test_employers_and_open_positions_are_counted_whole():
    PositionFactory(openings=2)
    PositionFactory(title="面点", openings=3)
    PositionFactory(title="关了", is_open=False)
    EmployerFactory(slug="hidden", name="未公开", is_listed=False, area=AreaFactory())

    coverage = station_coverage(SPAN)

    assert (coverage.employers, coverage.open_positions, coverage.openings) == (1, 2, 5)


def test_the_federation_page_shows_the_station_in_few_queries(
    client, django_assert_max_num_queries
):
    user = UserFactory(username="fulian-coverage")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    registered(timezone.localdate(), 3, areas=[AreaFactory()])
    PositionFactory()

    with django_assert_max_num_queries(40):
        response = client.get(en("federation"))

    assert response.status_code == 200
    assert 'data-coverage="registrations-month"' in response.content.decode()
    assert response.context["station_coverage"].registrations_by_month.total.mothers == 3
