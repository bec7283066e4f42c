"""Women trained and skills granted per month on /federation/: aggregates only, no figure
for fewer than three women (orders/reporting/cells.py's rule)."""

import datetime

from django.contrib.auth.models import Permission

import pytest

from orders.dates import DateRange, midnight
from station.models import Completion
from station.training.selectors import training_by_month
from tests.factories import UserFactory
from tests.orders.factories import SkillFactory
from tests.pages import en
from tests.station.training.factories import course

pytestmark = pytest.mark.django_db

SPAN = DateRange(datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))


def trained(page, day: datetime.date, users=None, n: int = 1) -> list:
    users = users or [UserFactory() for _ in range(n)]
    for user in users:
        Completion.objects.create(
            course=page, user=user, skill=page.skill, completed_at=midnight(day)
        )
    return users


def test_each_month_counts_women_once_and_every_skill(tree):
    knots, buns = course(tree), course(tree, skill=SkillFactory(slug="bun", name="花饽饽"))
    both = trained(knots, datetime.date(2026, 3, 2), n=3)
    trained(buns, datetime.date(2026, 3, 31), users=both)  # the same three, a second skill
    trained(knots, datetime.date(2026, 4, 1), n=4)  # 00:00 in China: April, not March

    figures = training_by_month(SPAN)

    assert [(m.label, m.mothers, m.skills, m.hidden) for m in figures.months] == [
        ("2026-03", 3, 6, False),
        ("2026-04", 4, 4, False),
        ("2026-05", 0, 0, False),
    ]
    assert (figures.mothers, figures.skills, figures.hidden) == (7, 10, False)


def test_a_month_of_one_or_two_women_shows_no_figure_nor_the_month_that_would_reveal_it(tree):
    page = course(tree)
    trained(page, datetime.date(2026, 3, 5), n=2)
    trained(page, datetime.date(2026, 4, 5), n=3)
    trained(page, datetime.date(2026, 5, 5), n=4)

    figures = training_by_month(SPAN)

    # March alone would be total minus April minus May: April (the smallest shown) hides too.
    assert [m.hidden for m in figures.months] == [True, True, False]
    assert figures.hidden is False


def test_fewer_than_three_women_in_the_range_hide_the_totals(tree):
    trained(course(tree), datetime.date(2026, 3, 5), n=2)

    assert training_by_month(SPAN).hidden is True


def test_the_federation_page_shows_the_section_and_names_nobody(client, tree):
    users = trained(course(tree), datetime.date(2026, 3, 5), n=3)
    users[0].first_name = "甲妈妈"
    users[0].save()
    reader = UserFactory()
    reader.user_permissions.add(Permission.objects.get(codename="view_federation"))
    client.force_login(reader)

    page = client.get(en("federation"), {"start": "2026-03-01", "end": "2026-05-31"})

    html = page.content.decode()
    march = 'data-training-month="2026-03"><th scope="row">2026-03</th><td class="num">3</td>'
    assert march in html
    assert "甲妈妈" not in html
