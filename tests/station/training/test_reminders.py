"""The day before each session, every woman with a seat is reminded: by e-mail when she gave
an address, and on the course's page in any case; the scheduler runs it once a day."""

from django.core import mail

import pytest

from ops.scheduler import periodic_jobs_discover
from station.training.services import enrolment_cancel, enrolment_create
from station.training.tasks import course_reminders_send_task
from tests.factories import UserFactory
from tests.station.training.factories import course

pytestmark = pytest.mark.django_db


def test_the_women_with_a_seat_are_reminded_of_tomorrows_session(
    tree, django_capture_on_commit_callbacks
):
    page = course(tree, capacity=3, first_day=1, sessions=2)
    enrolment_create(course=page, user=UserFactory(email="mama@example.com"), with_child=False)
    enrolment_create(course=page, user=UserFactory(email=""), with_child=False)  # no address
    gone = UserFactory(email="gone@example.com")
    enrolment_create(course=page, user=gone, with_child=False)
    waiting = UserFactory(email="waiting@example.com")
    enrolment_create(course=page, user=waiting, with_child=False)
    enrolment_cancel(course=page, user=gone)  # her seat goes to the woman waiting
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        course_reminders_send_task.enqueue()

    assert sorted(m.to[0] for m in mail.outbox) == ["mama@example.com", "waiting@example.com"]
    assert "水集街道妈妈岗驿站" in mail.outbox[0].body


def test_her_page_says_tomorrow_too(client, tree):
    page = course(tree, first_day=1)
    user = UserFactory(email="")
    enrolment_create(course=page, user=user, with_child=False)
    client.force_login(user)

    html = client.get("/en" + page.url).content.decode()

    assert "Tomorrow 09:00–11:00 at Shuiji Street mothers&#x27; station" in html


def test_the_reminders_run_once_a_day():
    jobs = {job.name: job.period for job in periodic_jobs_discover()}

    assert jobs["station.training.tasks.course_reminders_send_task"] == 24 * 60 * 60
