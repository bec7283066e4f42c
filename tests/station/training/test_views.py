"""The course pages and the roll call as people reach them: a woman signs up and cancels
from the course's page (Chinese or English: the same seats), reads that the course made her
able to take its work; only the station's staff of the course's area reach its roll call;
bad input is answered with a message and changes nothing."""

import pytest

from marketplace.models import Role
from station.models import Completion, Enrolment, EnrolmentStatus
from station.training.services import attendance_set, enrolment_create
from tests.factories import MembershipFactory, UserFactory
from tests.pages import said
from tests.station.training.factories import AreaFactory, StationStaffFactory, course

pytestmark = pytest.mark.django_db


def join(client, page, **data):
    return client.post(f"/station/courses/{page.pk}/join/", data, follow=True)


def roll(page) -> str:
    return f"/en/station/courses/{page.pk}/roll/"


def test_she_signs_up_with_her_child_then_cancels(client, tree):
    page = course(tree)
    user = UserFactory()
    client.force_login(user)

    response = join(client, page, with_child="on")

    assert response.status_code == 200
    enrolment = Enrolment.objects.get(user=user)
    assert (enrolment.status, enrolment.with_child) == (EnrolmentStatus.ENROLLED, True)
    client.post(f"/station/courses/{page.pk}/cancel/")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED


def test_signing_up_on_the_english_page_takes_a_seat_of_the_chinese_course(client, tree):
    page = course(tree, capacity=1)
    english = tree.translate(page, title="Chinese knots for beginners")
    enrolment_create(course=page, user=UserFactory(), with_child=False)
    client.force_login(UserFactory())

    response = join(client, english)

    assert response.redirect_chain[-1][0] == english.url
    assert Enrolment.objects.get(status=EnrolmentStatus.WAITING).course_id == page.pk
    assert "You are on the waiting list: 0 women before you." in response.content.decode()


def test_a_refusal_is_a_message_and_changes_nothing(client, tree):
    page = course(tree, childcare_open=False, child_places=0)
    client.force_login(UserFactory())

    response = join(client, page, with_child="on")

    assert response.status_code == 200
    assert any("mother-and-baby room" in m or "母婴室" in m for m in said(response))
    assert not Enrolment.objects.exists()


def test_a_visitor_is_asked_to_sign_in(client, tree):
    page = course(tree)

    assert "Sign in to sign up" in client.get(english_url(tree, page)).content.decode()
    assert client.post(f"/station/courses/{page.pk}/join/").status_code == 302
    assert not Enrolment.objects.exists()


def test_a_course_that_is_not_live_is_a_404(client, tree):
    page = course(tree)
    page.unpublish()
    client.force_login(UserFactory())

    assert client.post(f"/station/courses/{page.pk}/join/").status_code == 404
    assert client.post("/station/courses/999999/cancel/").status_code == 404


def test_after_the_roll_call_she_reads_that_she_may_take_the_work(client, tree):
    page = course(tree)
    mother = MembershipFactory(role=Role.MOTHER)
    enrolment = enrolment_create(course=page, user=mother.user, with_child=False)
    for session in page.sessions.all():
        attendance_set(session=session, enrolment=enrolment, present=True, actor=None)
    client.force_login(mother.user)

    html = client.get(page.url).content.decode()

    assert "完成培训，可以接 中国结·基础 工单了" in html


def test_the_station_staff_of_the_area_take_the_roll_call(client, tree):
    page = course(tree, sessions=1)
    enrolment = enrolment_create(course=page, user=UserFactory(), with_child=False)
    client.force_login(StationStaffFactory(area=page.area).user)
    session = page.sessions.get()

    response = client.post(
        roll(page),
        {"session": session.pk, "enrolment": enrolment.pk, "present": "1"},
        follow=True,
    )

    assert Completion.objects.filter(user=enrolment.user, course=page).exists()
    assert any("has completed the course" in m for m in said(response))


def test_staff_of_another_area_and_mothers_get_a_404(client, tree):
    page = course(tree)
    other = StationStaffFactory(area=AreaFactory(slug="elsewhere", name="别处")).user

    for user in (other, UserFactory()):
        client.force_login(user)
        assert client.get(roll(page)).status_code == 404
        tap = {"session": 1, "enrolment": 1, "present": "1"}
        assert client.post(roll(page), tap).status_code == 404


def test_someone_elses_ids_are_a_404_and_nonsense_a_message(client, tree):
    page, other = course(tree), course(tree)
    theirs = enrolment_create(course=other, user=UserFactory(), with_child=False)
    mine = enrolment_create(course=page, user=UserFactory(), with_child=False)
    client.force_login(StationStaffFactory(area=page.area).user)
    session = page.sessions.first()

    elsewhere = {"session": session.pk, "enrolment": theirs.pk, "present": "1"}
    assert client.post(roll(page), elsewhere).status_code == 404
    other_session = {"session": other.sessions.first().pk, "enrolment": mine.pk, "present": "1"}
    assert client.post(roll(page), other_session).status_code == 404
    nonsense = client.post(roll(page), {"session": "x", "enrolment": "-1"}, follow=True)
    assert any("not understood" in m for m in said(nonsense))
    assert not theirs.attendance.exists() and not mine.attendance.exists()


def test_the_pages_queries_do_not_grow_with_the_women(client, tree, django_assert_max_num_queries):
    page = course(tree, capacity=40, sessions=4)
    users = [UserFactory() for _ in range(30)]
    for user in users:
        enrolment = enrolment_create(course=page, user=user, with_child=False)
        attendance_set(session=page.sessions.first(), enrolment=enrolment, present=True, actor=None)
    staff = StationStaffFactory(area=page.area).user
    client.force_login(users[-1])

    with django_assert_max_num_queries(20):
        assert client.get(page.url).status_code == 200
    client.force_login(staff)
    with django_assert_max_num_queries(14):
        assert client.get(roll(page)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(tree.home.url + "training/").status_code == 200


def english_url(tree, page) -> str:
    return "/en" + page.url if not page.url.startswith("/en") else page.url
