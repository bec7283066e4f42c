"""The lock order of training: a course (its page row) before its sign-ups. Every change to
who holds a seat or a child place takes the course's lock first, so two women tapping for
the last seat, or the last child place, are served one after the other (without it, 8 women
at once took 5 of 1 seat on PostgreSQL: tests/station/training/test_concurrency.py)."""

from marketplace.locks import lock_row
from station.models import CoursePage


def course_lock(pk: int) -> CoursePage:
    return lock_row(CoursePage.objects.filter(pk=pk))
