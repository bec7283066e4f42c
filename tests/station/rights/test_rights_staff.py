"""Rights requests are read and answered only by the federation's staff (/station/rights/)."""

from django.contrib.auth.models import Group

import pytest

from station.models import RightsRequest, RightsStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rights_request():
    return RightsRequest.objects.create(
        name="张女士",
        phone="13800001234",
        topic="labour",
        what_happened="工资被拖欠两个月。",
        consent=True,
    )


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="fulian-staff")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    return client


def test_the_federation_reads_the_requests(staff_client, rights_request):
    listing = staff_client.get("/station/rights/requests/").content.decode()
    assert "张女士" in listing
    detail = staff_client.get(f"/station/rights/requests/{rights_request.pk}/")
    assert "工资被拖欠两个月。" in detail.content.decode()
    assert "no-store" in detail["Cache-Control"]


def test_she_moves_a_request_along(staff_client, rights_request):
    url = f"/station/rights/requests/{rights_request.pk}/"
    response = staff_client.post(url, {"status": "in_progress", "note": "已联系律师"})
    assert response.status_code == 302
    assert "申请已更新" in staff_client.get(response["Location"]).content.decode()
    rights_request.refresh_from_db()
    assert rights_request.status == RightsStatus.IN_PROGRESS
    assert (
        rights_request.note == "已联系律师" and rights_request.handled_by.username == "fulian-staff"
    )


def test_a_status_that_cannot_follow_is_refused(staff_client, rights_request):
    RightsRequest.objects.filter(pk=rights_request.pk).update(status=RightsStatus.CLOSED)
    url = f"/station/rights/requests/{rights_request.pk}/"
    response = staff_client.post(url, {"status": "answered", "note": "x"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    rights_request.refresh_from_db()
    assert rights_request.status == RightsStatus.CLOSED and rights_request.note == ""


@pytest.mark.parametrize("status", ["", "nonsense"])
def test_a_bad_status_changes_nothing(staff_client, rights_request, status):
    url = f"/station/rights/requests/{rights_request.pk}/"
    assert staff_client.post(url, {"status": status}).status_code == 200
    rights_request.refresh_from_db()
    assert rights_request.status == RightsStatus.NEW


def test_an_unknown_request_is_404(staff_client):
    assert staff_client.get("/station/rights/requests/999/").status_code == 404


@pytest.mark.parametrize("who", ["mother", "coordinator", "editor"])
def test_nobody_else_reads_them(client, rights_request, who, request):
    user = {
        "mother": lambda: request.getfixturevalue("mother").user,
        "coordinator": lambda: request.getfixturevalue("coordinator").user,
        "editor": lambda: UserFactory(username="editor", is_staff=True),
    }[who]()
    client.force_login(user)
    assert client.get("/station/rights/requests/").status_code == 403
    url = f"/station/rights/requests/{rights_request.pk}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "closed"}).status_code == 403
    rights_request.refresh_from_db()
    assert rights_request.status == RightsStatus.NEW


def test_a_visitor_is_sent_to_sign_in(client, rights_request):
    response = client.get(f"/station/rights/requests/{rights_request.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_in_few_queries(staff_client, rights_request, django_assert_max_num_queries):
    for _ in range(20):
        RightsRequest.objects.create(
            name="李", phone="13800000000", topic="other", what_happened="…", consent=True
        )
    with django_assert_max_num_queries(8):
        staff_client.get("/station/rights/requests/")
