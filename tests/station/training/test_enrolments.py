"""Signing up for a course: a seat while there is one, the waiting list after, a child
place only while the room has one; a cancellation gives the seat to the first woman waiting
who fits (station/training/services.py)."""

import pytest

from station.models import Enrolment, EnrolmentStatus
from station.training.exceptions import (
    AlreadyCompleted,
    AlreadySignedUp,
    CourseStarted,
    NoChildRoom,
    NotSignedUp,
)
from station.training.services import completion_record, enrolment_cancel, enrolment_create
from tests.factories import UserFactory
from tests.station.training.factories import course

pytestmark = pytest.mark.django_db

SEAT, WAITING = EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING


def sign_up(page, *, child: bool = False, user=None) -> Enrolment:
    return enrolment_create(course=page, user=user or UserFactory(), with_child=child)


def test_seats_then_the_waiting_list(tree):
    page = course(tree, capacity=2)

    statuses = [sign_up(page).status for _ in range(3)]

    assert statuses == [SEAT, SEAT, WAITING]


def test_the_last_child_place_then_the_waiting_list_though_seats_are_free(tree):
    page = course(tree, capacity=3, child_places=1)

    first = sign_up(page, child=True)
    second = sign_up(page, child=True)
    without = sign_up(page)

    assert (first.status, second.status, without.status) == (SEAT, WAITING, SEAT)


def test_no_child_when_the_room_is_closed(tree):
    page = course(tree, childcare_open=False)

    with pytest.raises(NoChildRoom):
        sign_up(page, child=True)
    assert not Enrolment.objects.exists()


def test_twice_is_refused_and_changes_nothing(tree):
    page = course(tree)
    enrolment = sign_up(page)

    with pytest.raises(AlreadySignedUp):
        sign_up(page, user=enrolment.user, child=True)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.with_child) == (SEAT, False)


def test_a_course_she_completed_is_not_signed_up_for_again(tree):
    page = course(tree)
    enrolment = sign_up(page)
    completion_record(course=page, user=enrolment.user, actor=None)
    enrolment_cancel(course=page, user=enrolment.user)

    with pytest.raises(AlreadyCompleted):
        sign_up(page, user=enrolment.user)


def test_no_sign_up_or_cancelling_from_the_first_session_day(tree):
    page = course(tree, first_day=0)
    user = UserFactory()

    with pytest.raises(CourseStarted):
        sign_up(page, user=user)
    with pytest.raises(CourseStarted):
        enrolment_cancel(course=page, user=user)


def test_cancelling_gives_the_seat_to_the_first_woman_waiting(tree):
    page = course(tree, capacity=1)
    seated, first, second = sign_up(page), sign_up(page), sign_up(page)

    promoted = enrolment_cancel(course=page, user=seated.user)

    assert promoted == [first]
    assert statuses_of(seated, first, second) == [EnrolmentStatus.CANCELLED, SEAT, WAITING]


def test_a_woman_whose_child_finds_no_place_is_passed_over_and_keeps_her_turn(tree):
    page = course(tree, capacity=2, child_places=1)
    with_child, seated = sign_up(page, child=True), sign_up(page)
    waiting_child, waiting_alone = sign_up(page, child=True), sign_up(page)

    enrolment_cancel(course=page, user=seated.user)  # a seat frees up, no child place

    assert statuses_of(with_child, waiting_child, waiting_alone) == [SEAT, WAITING, SEAT]
    enrolment_cancel(course=page, user=with_child.user)  # now a seat and the child place
    assert statuses_of(waiting_child) == [SEAT]


def test_signing_up_again_after_cancelling_goes_to_the_back(tree):
    page = course(tree, capacity=1)
    seated, waiting = sign_up(page), sign_up(page)
    enrolment_cancel(course=page, user=waiting.user)

    again = sign_up(page, user=waiting.user)
    later = sign_up(page)
    enrolment_cancel(course=page, user=seated.user)

    assert statuses_of(again, later) == [SEAT, WAITING]


def test_cancelling_without_a_sign_up_is_refused(tree):
    with pytest.raises(NotSignedUp):
        enrolment_cancel(course=course(tree), user=UserFactory())


def test_a_seat_an_editor_adds_goes_to_the_first_waiting_not_a_newcomer(tree):
    page = course(tree, capacity=1)
    sign_up(page)
    waiting = sign_up(page)
    page.capacity = 2
    page.save()

    newcomer = sign_up(page)

    assert statuses_of(waiting, newcomer) == [SEAT, WAITING]


def statuses_of(*enrolments: Enrolment) -> list[str]:
    for enrolment in enrolments:
        enrolment.refresh_from_db()
    return [enrolment.status for enrolment in enrolments]
