"""The roll call and completing: present at every session, she has completed the course,
once, and holds its skill in each of her cooperatives — now and in one she joins later —
which opens the work that needs it (the existing skill gate)."""

import pytest

from marketplace.models import Role
from orders.members.services.invitations import invitation_accept
from orders.models import MemberSkill
from orders.production.selectors.work import open_orders_for_mother
from station.models import Completion, EnrolmentStatus
from station.training.exceptions import CompletedAlready, NoSeat
from station.training.services import (
    attendance_set,
    completion_record,
    enrolment_cancel,
    enrolment_create,
)
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import InvitationFactory, knot_order
from tests.station.training.factories import course

pytestmark = pytest.mark.django_db


def attend_all(page, enrolment, *, actor=None):
    return [
        attendance_set(session=s, enrolment=enrolment, present=True, actor=actor)
        for s in page.sessions.all()
    ]


def test_present_at_every_session_completes_and_grants_the_skill_in_each_cooperative(tree):
    page = course(tree, sessions=3)
    first = MembershipFactory(role=Role.MOTHER)
    second = MembershipFactory(user=first.user, role=Role.MOTHER)
    enrolment = enrolment_create(course=page, user=first.user, with_child=False)

    outcomes = attend_all(page, enrolment)

    assert outcomes[:2] == [None, None]  # not yet complete after two of three
    assert outcomes[2] == Completion.objects.get(user=first.user, course=page)
    held = MemberSkill.objects.filter(skill=page.skill).values_list("membership", flat=True)
    assert sorted(held) == sorted([first.pk, second.pk])


def test_the_skill_is_granted_exactly_once_however_often_it_is_recorded(tree):
    page = course(tree)
    mother = MembershipFactory(role=Role.MOTHER)
    enrolment = enrolment_create(course=page, user=mother.user, with_child=False)

    attend_all(page, enrolment)
    attend_all(page, enrolment)
    completion_record(course=page, user=mother.user, actor=None)

    assert Completion.objects.count() == 1
    assert MemberSkill.objects.filter(membership=mother, skill=page.skill).count() == 1


def test_completing_opens_the_work_that_needs_the_skill(tree):
    page = course(tree)
    mother = MembershipFactory(role=Role.MOTHER)
    order = knot_order(mother.cooperative, required_skill=page.skill)
    enrolment = enrolment_create(course=page, user=mother.user, with_child=False)
    assert order not in open_orders_for_mother(user=mother.user)

    attend_all(page, enrolment)

    assert order in open_orders_for_mother(user=mother.user)


def test_a_cooperative_she_joins_later_gets_the_trained_skill(tree):
    page = course(tree)
    user = UserFactory()
    completion_record(course=page, user=user, actor=None)
    invitation = InvitationFactory(user=user, cooperative=CooperativeFactory())

    membership = invitation_accept(invitation=invitation, password="a-long-new-password-1")

    assert membership.skills.filter(skill=page.skill).exists()


def test_attendance_that_completed_the_course_cannot_be_taken_back(tree):
    page = course(tree)
    enrolment = enrolment_create(course=page, user=UserFactory(), with_child=False)
    attend_all(page, enrolment)

    with pytest.raises(CompletedAlready):
        attendance_set(
            session=page.sessions.first(), enrolment=enrolment, present=False, actor=None
        )
    assert enrolment.attendance.count() == 2


def test_absent_takes_back_a_mark_made_by_mistake(tree):
    page = course(tree)
    enrolment = enrolment_create(course=page, user=UserFactory(), with_child=False)
    session = page.sessions.first()
    attendance_set(session=session, enrolment=enrolment, present=True, actor=None)

    attendance_set(session=session, enrolment=enrolment, present=False, actor=None)

    assert not enrolment.attendance.exists()


@pytest.mark.parametrize("status", [EnrolmentStatus.WAITING, EnrolmentStatus.CANCELLED])
def test_only_a_woman_with_a_seat_is_marked_present(tree, status):
    page = course(tree, capacity=1)
    enrolment_create(course=page, user=UserFactory(), with_child=False)
    enrolment = enrolment_create(course=page, user=UserFactory(), with_child=False)
    if status == EnrolmentStatus.CANCELLED:
        enrolment_cancel(course=page, user=enrolment.user)

    with pytest.raises(NoSeat):
        attendance_set(session=page.sessions.first(), enrolment=enrolment, present=True, actor=None)
    assert not enrolment.attendance.exists()
