"""Writes of training: signing up (a seat, or the waiting list), cancelling (the first
waiting woman who fits takes the freed seat), the roll call, and the completion that grants a
course's skill — once.

Every change to who holds a seat takes the course's row lock first (station/training/locks.py),
so the seats and the mother-and-baby room's places are counted with nobody else changing
them: the last seat, or the last child place, goes to one woman only.

Services take the course in the site's default language (``CoursePage.original``): the
views pass it, so the English page's sign-ups count with the Chinese page's.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from marketplace.locks import atomic_with_retry
from marketplace.models import Membership
from marketplace.selectors import mother_memberships
from orders.members.services.skills import member_skills_grant
from orders.models import Skill
from station.models import (
    Attendance,
    Completion,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
)
from station.training import notices
from station.training.exceptions import (
    AlreadyCompleted,
    AlreadySignedUp,
    CompletedAlready,
    CourseStarted,
    NoChildRoom,
    NoSeat,
    NotSignedUp,
)
from station.training.locks import course_lock

HOLDING = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)


# Signing up and cancelling -----------------------------------------------------------------


@atomic_with_retry
def enrolment_create(*, course: CoursePage, user, with_child: bool) -> Enrolment:
    """Sign ``user`` up for the whole course: a seat if one is free (and, bringing a child,
    a place in the room), else the back of the waiting list. Raises ``CourseStarted``,
    ``AlreadyCompleted``, ``AlreadySignedUp`` or ``NoChildRoom``; changes nothing then."""
    course = course_lock(course.pk)
    _check_not_started(course)
    if Completion.objects.filter(course=course, user=user).exists():
        raise AlreadyCompleted()
    if with_child and not course.child_places_open:
        raise NoChildRoom()
    enrolment = Enrolment.objects.filter(course=course, user=user).first()
    if enrolment is not None and enrolment.status in HOLDING:
        raise AlreadySignedUp()
    # A seat an editor added since is given to whoever waits first, before any newcomer.
    _waiting_promote(course)
    status = EnrolmentStatus.ENROLLED if _fits(course, with_child) else EnrolmentStatus.WAITING
    enrolment = enrolment or Enrolment(course=course, user=user)
    enrolment.status, enrolment.with_child = status, with_child
    enrolment.queued_at = timezone.now()  # again after a cancellation: the back of the list
    enrolment.save()
    return enrolment


@atomic_with_retry
def enrolment_cancel(*, course: CoursePage, user) -> list[Enrolment]:
    """She gives up her seat or her place on the list; a freed seat goes to the first women
    waiting who fit (each is told). Returns those promoted. Raises ``CourseStarted`` or
    ``NotSignedUp``."""
    course = course_lock(course.pk)
    _check_not_started(course)
    enrolment = Enrolment.objects.filter(course=course, user=user, status__in=HOLDING).first()
    if enrolment is None:
        raise NotSignedUp()
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.save(update_fields=["status"])
    promoted = _waiting_promote(course)
    for each in promoted:
        notices.seat_given_notify(enrolment=each)
    return promoted


def _check_not_started(course: CoursePage) -> None:
    """Seats change hands only before the first session's day."""
    first = course.sessions.order_by("date").values_list("date", flat=True).first()
    if first is not None and first <= timezone.localdate():
        raise CourseStarted()


def _taken(course: CoursePage) -> tuple[int, int]:
    """Seats and child places held now (read under the course's lock)."""
    held = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).aggregate(
        seats=Count("pk"), children=Count("pk", filter=Q(with_child=True))
    )
    return held["seats"], held["children"]


def _fits(course: CoursePage, with_child: bool) -> bool:
    seats, children = _taken(course)
    return seats < course.capacity and (not with_child or children < course.child_places_open)


def _waiting_promote(course: CoursePage) -> list[Enrolment]:
    """Give free seats to the women waiting, in the order they signed up; one whose child
    finds no place in the room is passed over (she keeps her place on the list) for the
    next who fits."""
    promoted = []
    waiting = Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING)
    for enrolment in waiting.order_by("queued_at", "pk"):
        if not _fits(course, enrolment.with_child):
            continue
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.save(update_fields=["status"])
        promoted.append(enrolment)
    return promoted


# The roll call and completing --------------------------------------------------------------


@atomic_with_retry
def attendance_set(
    *, session: CourseSession, enrolment: Enrolment, present: bool, actor
) -> Completion | None:
    """Record whether she was at ``session``. Present at every session of the course, she
    has completed it (returned, with its skill granted). Raises ``NoSeat`` for a woman
    without a seat, ``CompletedAlready`` when taking back attendance that completed it."""
    course = course_lock(enrolment.course_id)
    enrolment.refresh_from_db(fields=["status"])
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise NoSeat()
    assert session.page_id == course.pk, "the caller finds the session through the course"
    if not present:
        if Completion.objects.filter(course=course, user_id=enrolment.user_id).exists():
            raise CompletedAlready()
        Attendance.objects.filter(session=session, enrolment=enrolment).delete()
        return None
    Attendance.objects.get_or_create(
        session=session, enrolment=enrolment, defaults={"recorded_by": actor}
    )
    if _attended_every_session(course, enrolment):
        return completion_record(course=course, user=enrolment.user, actor=actor)
    return None


def _attended_every_session(course: CoursePage, enrolment: Enrolment) -> bool:
    sessions = course.sessions.count()
    attended = Attendance.objects.filter(enrolment=enrolment, session__page=course).count()
    return sessions > 0 and attended >= sessions


def completion_record(*, course: CoursePage, user, actor) -> Completion:
    """She completed ``course``: one Completion, and its skill in each of her mother
    memberships (former ones too, should she come back). Recording it again changes
    nothing and grants nothing twice (the completion and the skill held are unique)."""
    completion = Completion.objects.filter(course=course, user=user).first()
    if completion is not None:
        return completion
    try:
        with transaction.atomic():  # a savepoint: a concurrent recording wins, we return it
            completion = Completion.objects.create(
                course=course, user=user, skill_id=course.skill_id, recorded_by=actor
            )
    except IntegrityError:
        return Completion.objects.get(course=course, user=user)
    for membership in mother_memberships(user, former_too=True):
        member_skills_grant(membership=membership, skills=[completion.skill], actor=actor)
    notices.completion_notify(completion=completion)
    return completion


def training_skills_carry(*, membership: Membership) -> None:
    """A mother membership she gets later holds the skills her completed courses taught
    (orders/members/signals.py: ``mother_joined``)."""
    trained = Completion.objects.filter(user_id=membership.user_id).values("skill")
    member_skills_grant(
        membership=membership, skills=Skill.objects.filter(pk__in=trained), actor=None
    )


# Reminders ---------------------------------------------------------------------------------


def course_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell every woman with a seat about tomorrow's sessions of her courses (by e-mail, to
    those who gave an address; her pages show it to all). Returns how many were told."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    sessions = CourseSession.objects.filter(date=tomorrow, page__live=True).select_related("page")
    told = 0
    for session in sessions:
        seated = session.page.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        for enrolment in seated.select_related("user"):
            told += notices.session_remind(session=session, enrolment=enrolment)
    return told
