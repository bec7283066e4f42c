"""A woman signs up for a course or cancels (POSTs from the course's page, back to it); the
station's staff of the course's area take its roll call at /station/courses/<pk>/roll/.

Domain errors become a message on the page, and change nothing; a course that is not live,
or a roll call of a course she does not staff, is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.exceptions import MarketError
from station.models import CoursePage, EnrolmentStatus
from station.training import selectors, services
from station.training.forms import AttendanceForm, EnrolForm


def _live_course(pk: int) -> CoursePage:
    return get_object_or_404(CoursePage.objects.live(), pk=pk)


@require_POST
@login_required
def course_join(request: HttpRequest, course_id: int) -> HttpResponse:
    page = _live_course(course_id)
    form = EnrolForm(request.POST)
    form.is_valid()  # a lone checkbox: anything but "on" is no
    try:
        enrolment = services.enrolment_create(
            course=page.original, user=request.user, with_child=form.cleaned_data["with_child"]
        )
    except MarketError as error:
        messages.error(request, error.message)
        return redirect(page.url)
    if enrolment.status == EnrolmentStatus.ENROLLED:
        messages.success(request, _("You have a seat on this course."))
    else:
        messages.success(
            request,
            _("The course is full: you are on the waiting list. We tell you when a seat is yours."),
        )
    return redirect(page.url)


@require_POST
@login_required
def course_cancel(request: HttpRequest, course_id: int) -> HttpResponse:
    page = _live_course(course_id)
    try:
        services.enrolment_cancel(course=page.original, user=request.user)
    except MarketError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(page.url)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def course_roll(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.staffed_course(pk=course_id, user=request.user)
    if course is None:
        raise Http404
    if request.method == "POST":
        return _roll_record(request, course)
    return render(
        request,
        "station/training/roll.html",
        {
            "course": course,
            "sessions": list(course.sessions.order_by("date", "starts_at")),
            "rows": selectors.roll_call(course),
            "waiting": selectors.waiting_list(course),
        },
    )


def _roll_record(request: HttpRequest, course: CoursePage) -> HttpResponse:
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That tap was not understood: nothing was recorded."))
        return redirect("course_roll", course_id=course.pk)
    session = get_object_or_404(course.sessions, pk=form.cleaned_data["session"])
    enrolment = get_object_or_404(course.enrolments, pk=form.cleaned_data["enrolment"])
    try:
        completion = services.attendance_set(
            session=session,
            enrolment=enrolment,
            present=form.cleaned_data["present"],
            actor=request.user,
        )
    except MarketError as error:
        messages.error(request, error.message)
    else:
        if completion is not None:
            messages.success(
                request,
                _("%(name)s has completed the course: %(skill)s is hers now.")
                % {
                    "name": enrolment.user.get_full_name() or enrolment.user.username,
                    "skill": completion.skill.display_name,
                },
            )
    return redirect("course_roll", course_id=course.pk)
