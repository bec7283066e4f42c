"""Reads of training, each with its joins inside: the course list, one course as a woman
sees it, the roll call as the station's staff see it, and the federation's monthly figures.

Facts and sign-ups are those of the course's page in the default language
(``CoursePage.original``), whichever language the reader is in.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from orders.dates import DateRange, local_date
from orders.reporting.cells import cells_to_hide, too_few
from station.models import (
    Attendance,
    Completion,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    StationStaff,
)
from station.training.notices import completion_message

# Courses and the roll call ---------------------------------------------------------------


def course_pages(index: CourseIndexPage) -> QuerySet[CoursePage]:
    """The live courses under ``index``, with their sessions, the soonest first."""
    return (
        CoursePage.objects.live()
        .child_of(index)
        .select_related("skill", "area")
        .prefetch_related(Prefetch("sessions", queryset=CourseSession.objects.order_by("date")))
        .order_by("path")
    )


@dataclass
class CourseView:
    """One course as ``user`` sees it."""

    course: CoursePage  # the original: its facts count
    sessions: list[CourseSession]
    seats_left: int
    child_places_left: int
    started: bool
    enrolment: Enrolment | None = None
    waiting_ahead: int = 0  # women before her on the waiting list
    completion: Completion | None = None
    tomorrow: list[CourseSession] = field(default_factory=list)
    is_staff: bool = False

    @property
    def completion_text(self) -> str:
        """ "完成培训，可以接 中国结 工单了": what she may do now."""
        return completion_message(self.completion.skill.display_name) if self.completion else ""


def course_view(*, page: CoursePage, user) -> CourseView:
    course = page.original
    sessions = list(course.sessions.order_by("date", "starts_at"))
    seats, children = _held(course)
    today = timezone.localdate()
    view = CourseView(
        course=course,
        sessions=sessions,
        seats_left=max(course.capacity - seats, 0),
        child_places_left=max(course.child_places_open - children, 0),
        started=bool(sessions) and sessions[0].date <= today,
    )
    if user.is_authenticated:
        _her_part(view, user, today)
    return view


def _held(course: CoursePage) -> tuple[int, int]:
    held = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).aggregate(
        seats=Count("pk"), children=Count("pk", filter=Q(with_child=True))
    )
    return held["seats"], held["children"]


def _her_part(view: CourseView, user, today: datetime.date) -> None:
    course = view.course
    view.enrolment = Enrolment.objects.filter(
        course=course, user=user, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING]
    ).first()
    view.completion = (
        Completion.objects.filter(course=course, user=user).select_related("skill").first()
    )
    view.is_staff = course_staff(course=course, user=user)
    if view.enrolment is None:
        return
    if view.enrolment.status == EnrolmentStatus.WAITING:
        view.waiting_ahead = _waiting_ahead(view.enrolment)
    else:
        tomorrow = today + datetime.timedelta(days=1)
        view.tomorrow = [session for session in view.sessions if session.date == tomorrow]


def _waiting_ahead(enrolment: Enrolment) -> int:
    return Enrolment.objects.filter(
        Q(queued_at__lt=enrolment.queued_at)
        | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk),
        course_id=enrolment.course_id,
        status=EnrolmentStatus.WAITING,
    ).count()


def course_staff(*, course: CoursePage, user) -> bool:
    """Who takes the roll call: the station's staff of the course's area (a coordinator who
    runs a course is made staff of its area), and superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return StationStaff.objects.filter(user=user, area_id=course.area_id).exists()


def staffed_course(*, pk: int, user) -> CoursePage | None:
    """The original course ``pk`` if ``user`` takes its roll call, else None (a 404)."""
    course = CoursePage.objects.filter(pk=pk).select_related("skill", "area").first()
    if (
        course is None
        or course.pk != course.original.pk
        or not course_staff(course=course, user=user)
    ):
        return None
    return course


@dataclass(frozen=True)
class RollRow:
    enrolment: Enrolment
    present: set[int]  # the pks of the sessions she attended
    completed: bool


def roll_call(course: CoursePage) -> list[RollRow]:
    """The women with a seat, each with the sessions she attended (three queries)."""
    seated = (
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED)
        .select_related("user")
        .annotate(
            completed=Exists(
                Completion.objects.filter(
                    course_id=OuterRef("course_id"), user_id=OuterRef("user_id")
                )
            )
        )
        .order_by("queued_at", "pk")
    )
    present: dict[int, set[int]] = {}
    for enrolment_id, session_id in Attendance.objects.filter(enrolment__course=course).values_list(
        "enrolment_id", "session_id"
    ):
        present.setdefault(enrolment_id, set()).add(session_id)
    return [
        RollRow(enrolment=each, present=present.get(each.pk, set()), completed=each.completed)
        for each in seated
    ]


def waiting_list(course: CoursePage) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING)
        .select_related("user")
        .order_by("queued_at", "pk")
    )


# The federation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingMonth:
    label: str  # "YYYY-MM"
    mothers: int  # women who completed a course that month
    skills: int  # skills granted that month (one per course completed)
    hidden: bool = False


@dataclass(frozen=True)
class TrainingFigures:
    months: list[TrainingMonth]
    mothers: int  # women who completed a course in the range, each counted once
    skills: int
    hidden: bool  # the totals stand for one or two women


def training_by_month(span: DateRange) -> TrainingFigures:
    """Women trained and skills granted in each month of ``span`` (aggregates only), with
    the federation's small-cell rule (orders/reporting/cells.py): a month of one or two
    women shows no figure, nor the smallest month shown when the hidden ones together stand
    for fewer than three women; the totals hide when they stand for fewer than three.

    One query, of a row per woman and month trained (a few dozen a month at a city's scale),
    from which every figure, and who the hidden months' women are, is counted."""
    rows = (
        Completion.objects.filter(span.q("completed_at"))
        .annotate(month=TruncMonth("completed_at"))
        .values_list("month", "user_id")
        .annotate(completed=Count("pk"))
        .order_by()
    )
    women: dict[str, set[int]] = {}
    skills: dict[str, int] = {}
    for month, user_id, completed in rows:
        label = _label(local_date(month))
        women.setdefault(label, set()).add(user_id)
        skills[label] = skills.get(label, 0) + completed
    months = [
        TrainingMonth(label, len(women.get(label, ())), skills.get(label, 0))
        for label in map(_label, span.months())
    ]

    def women_in(cells: list[TrainingMonth]) -> int:
        return len(set().union(*(women.get(cell.label, set()) for cell in cells)))

    hidden = {month.label for month in cells_to_hide(months, women_in=women_in)}
    everyone = women_in(months)
    return TrainingFigures(
        months=[replace(month, hidden=month.label in hidden) for month in months],
        mothers=everyone,
        skills=sum(skills.values()),
        hidden=too_few(everyone),
    )


def _label(first: datetime.date) -> str:
    return f"{first:%Y-%m}"
