"""The lock order of training: a course (its page row) before its sign-ups. Every change to
who holds a seat or a child place takes the course's lock first, so two women tapping for
the last seat, or the last child place, are served one after the other."""

from marketplace.locks import lock_row, lock_rows
from station.models import CoursePage, Enrolment


def course_lock(pk: int) -> CoursePage:
    return lock_row(CoursePage.objects.filter(pk=pk))


def enrolments_lock(course: CoursePage, **filters) -> list[Enrolment]:
    """The course's sign-ups (those matching ``filters``); lock the course first."""
    return lock_rows(Enrolment.objects.filter(course=course, **filters))
