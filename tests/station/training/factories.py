"""Courses of the station's school for the tests: an area, the course index under the
showcase's home page, and courses with their sessions (tomorrow onwards, so sign-ups are
open)."""

import datetime

from django.utils import timezone

from station.models import CourseIndexPage, CoursePage, CourseSession
from tests.factories import ShowcaseTree, publish
from tests.orders.factories import SkillFactory
from tests.station.factories import AreaFactory, StationStaffFactory  # noqa: F401 (theirs too)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def course_index(tree: ShowcaseTree) -> CourseIndexPage:
    found = CourseIndexPage.objects.child_of(tree.home).first()
    return found or publish(tree.home, CourseIndexPage(title="妈妈岗培训", slug="training"))


def course(tree: ShowcaseTree, *, sessions: int = 2, first_day: int = 2, **fields) -> CoursePage:
    """中国结·基础 for 2 women (1 child place in the open room), ``sessions`` meetings a day
    apart from ``first_day`` days from today — unless ``fields`` say otherwise."""
    fields = {
        "title": "中国结入门班",
        "slug": f"knots-{CoursePage.objects.count()}",
        "skill": SkillFactory(),
        "area": AreaFactory(),
        "description": "三次课学会基础结。",
        "capacity": 2,
        "childcare_open": True,
        "child_places": 1,
    } | fields
    page = CoursePage(**fields)
    for n in range(sessions):
        page.sessions.add(
            CourseSession(
                date=days(first_day + n),
                starts_at=datetime.time(9),
                ends_at=datetime.time(11),
                place="水集街道妈妈岗驿站",
                place_en="Shuiji Street mothers' station",
            )
        )
    return publish(course_index(tree), page)
