"""The last seat and the last child place under contention: women tapping at the same
moment, each in her own thread and connection on PostgreSQL, and only as many get one as
there are (the course's row lock, station/training/locks.py)."""

import pytest

from station.models import Enrolment, EnrolmentStatus
from station.training.services import enrolment_create
from tests.factories import UserFactory
from tests.station.training.factories import course
from tests.threads import postgres_only, run_together

pytestmark = [pytest.mark.django_db(transaction=True), postgres_only]

WOMEN = 8


def test_the_last_seat_goes_to_one_woman(tree):
    page = course(tree, capacity=3)
    enrolment_create(course=page, user=UserFactory(), with_child=False)
    enrolment_create(course=page, user=UserFactory(), with_child=False)
    users = [UserFactory() for _ in range(WOMEN)]

    results = run_together(
        [lambda u=u: enrolment_create(course=page, user=u, with_child=False) for u in users]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.status for r in results).count(EnrolmentStatus.ENROLLED) == 1
    assert Enrolment.objects.filter(course=page, status=EnrolmentStatus.ENROLLED).count() == 3


def test_the_last_child_place_goes_to_one_woman(tree):
    page = course(tree, capacity=20, child_places=2)
    enrolment_create(course=page, user=UserFactory(), with_child=True)
    users = [UserFactory() for _ in range(WOMEN)]

    results = run_together(
        [lambda u=u: enrolment_create(course=page, user=u, with_child=True) for u in users]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    seated = Enrolment.objects.filter(course=page, status=EnrolmentStatus.ENROLLED)
    assert seated.filter(with_child=True).count() == 2
    assert [r.status for r in results].count(EnrolmentStatus.WAITING) == WOMEN - 1
