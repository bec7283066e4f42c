"""What training tells a woman by e-mail, after the commit (marketplace.emails): her seat
freed up, the course completed, tomorrow's session. Each message has a key of its own, so a
task run again sends nothing twice. Women without an e-mail address read the same on the
course's page."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.emails import email_enqueue
from station.models import Completion, CourseSession, Enrolment


def seat_given_notify(*, enrolment: Enrolment) -> int:
    if not enrolment.user.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        email_enqueue(
            key=f"course-seat.{enrolment.pk}.{enrolment.queued_at:%Y%m%d%H%M%S}",
            subject=_("A seat is yours: %(course)s") % {"course": enrolment.course.title},
            body=_("A seat on the course %(course)s freed up and is yours now.")
            % {"course": enrolment.course.title},
            to=[enrolment.user.email],
        )
    return 1


def completion_notify(*, completion: Completion) -> int:
    if not completion.user.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        email_enqueue(
            key=f"course-done.{completion.pk}",
            subject=_("You completed %(course)s") % {"course": completion.course.title},
            body=completion_message(completion.skill.name),
            to=[completion.user.email],
        )
    return 1


def completion_message(skill_name: str) -> str:
    """What she reads once trained (the course page says it too)."""
    return _("Training completed: you can take %(skill)s work orders now.") % {"skill": skill_name}


def session_remind(*, session: CourseSession, enrolment: Enrolment) -> int:
    if not enrolment.user.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        email_enqueue(
            key=f"course-reminder.{session.pk}.{enrolment.pk}",
            subject=_("Tomorrow: %(course)s") % {"course": session.page.title},
            body=_(
                "Your course %(course)s meets tomorrow, %(date)s, %(start)s–%(end)s, at %(place)s."
            )
            % {
                "course": session.page.title,
                "date": session.date.isoformat(),
                "start": f"{session.starts_at:%H:%M}",
                "end": f"{session.ends_at:%H:%M}",
                "place": session.place,
            },
            to=[enrolment.user.email],
        )
    return 1
