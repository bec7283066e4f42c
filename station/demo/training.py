"""The demo's training school: the area and its station staff, the course list under the
home page, and courses in Chinese and English — one over (a mother completed it and holds
its skill), one starting tomorrow (full, with a waiting list and the room's last child
place taken), one with seats free. The content is data, ``data/training.toml``."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Locale

from marketplace.demo.datafiles import datafile_load
from orders.models import Skill
from showcase.demo import page_ensure
from station.models import (
    Area,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    StationStaff,
)
from station.training.services import attendance_set, enrolment_create

TRAINING = datafile_load(__file__, "training")


def seed_training(showcase: dict, stdout=None) -> dict:
    """What of the training school is missing; ``showcase`` is what ``seed_showcase``
    returned. Returns ``{"index": CourseIndexPage, "courses": [CoursePage]}``."""
    home = showcase["home"]
    en = Locale.objects.get(language_code="en")  # seed_showcase made it
    area = _area()
    staff = [_staff(username, area) for username in TRAINING["staff"]]
    index = page_ensure(
        parent=home,
        model=CourseIndexPage,
        slug="training",
        locale=home.locale,
        en=en,
        fields=_index_fields,
    )
    courses = [_course(index, row, area, en, actor=staff[0]) for row in TRAINING["courses"]]
    if stdout is not None:
        stdout.write(f"training: {len(courses)} courses in zh-hans and en")
    return {"index": index, "courses": courses}


def _area() -> Area:
    row = TRAINING["area"]
    area, _ = Area.objects.get_or_create(
        slug=row["slug"], defaults={"name": row["name"], "name_en": row["name_en"]}
    )
    return area


def _staff(username: str, area: Area):
    user = get_user_model().objects.get(username=username)
    StationStaff.objects.get_or_create(user=user, area=area)
    return user


def _index_fields(lang: str) -> dict:
    row, suffix = TRAINING["index"], "" if lang == "zh" else "_en"
    return {"title": row["title" + suffix], "intro": row["intro" + suffix]}


def _course(index: CourseIndexPage, row: dict, area: Area, en, *, actor) -> CoursePage:
    existed = CoursePage.objects.filter(slug=row["slug"], locale=index.locale).exists()
    page = page_ensure(
        parent=index,
        model=CoursePage,
        slug=row["slug"],
        locale=index.locale,
        en=en,
        fields=lambda lang: _course_fields(row, area, lang),
    )
    if not existed:
        _signups(page, row, actor=actor)
    return page


def _course_fields(row: dict, area: Area, lang: str) -> dict:
    if lang == "en":  # the facts and sessions are the Chinese page's (CoursePage.original)
        return {"title": row["title_en"], "description": row["description_en"]}
    return {
        "title": row["title"],
        "description": row["description"],
        "skill": Skill.objects.get(slug=row["skill"]),
        "area": area,
        "capacity": row["capacity"],
        "childcare_open": row["childcare_open"],
        "child_places": row["child_places"],
        "sessions": [_session(session) for session in row["sessions"]],
    }


def _session(row: dict) -> CourseSession:
    return CourseSession(
        date=timezone.localdate() + datetime.timedelta(days=row["in_days"]),
        starts_at=datetime.time.fromisoformat(row["start"]),
        ends_at=datetime.time.fromisoformat(row["end"]),
        place=row["place"],
        place_en=row["place_en"],
    )


def _signups(page: CoursePage, row: dict, *, actor) -> None:
    """Sign the mothers up in order; a course that has begun had its sign-ups before (made
    here directly, as the service closes them on the first session's day), and the roll
    call of the sessions held so far."""
    users = get_user_model().objects.in_bulk(
        [s["mother"] for s in row["signups"]], field_name="username"
    )
    started = row["sessions"][0]["in_days"] <= 0
    for signup in row["signups"]:
        user = users[signup["mother"]]
        if started:
            Enrolment.objects.create(
                course=page, user=user, status=EnrolmentStatus.ENROLLED, with_child=signup["child"]
            )
        else:
            enrolment_create(course=page, user=user, with_child=signup["child"])
    held = page.sessions.filter(date__lte=timezone.localdate())
    for username in row["attended"]:
        enrolment = page.enrolments.get(user=users[username])
        for session in held:
            attendance_set(session=session, enrolment=enrolment, present=True, actor=actor)
