"""An employer's own staff keep their positions current (/station/positions/): theirs only."""

import datetime

import pytest

from tests.factories import UserFactory
from tests.station.factories import EmployerFactory, EmployerStaffFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return EmployerStaffFactory(employer=EmployerFactory(name="宝泉花生", slug="baoquan"))


@pytest.fixture
def position(staff):
    return PositionFactory(employer=staff.employer, title="花生分拣", pay_min=2000, pay_max=3000)


@pytest.fixture
def other():
    return PositionFactory(employer=EmployerFactory(name="万达商场", slug="wanda"), title="导购")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff.user)
    return client


def form_data(position, **changes) -> dict:
    data = {
        "is_open": "on" if position.is_open else "",
        "openings": position.openings,
        "starts_at": f"{position.starts_at:%H:%M}",
        "ends_at": f"{position.ends_at:%H:%M}",
        "days": position.days,
        "starts_late": "",
        "leaves_early": "",
        "flexibility_note": "",
    }
    return {**data, **changes}


def test_she_sees_only_her_employers_positions(staff_client, position, other):
    html = staff_client.get("/station/positions/").content.decode()
    assert "花生分拣" in html and "导购" not in html


def test_she_closes_her_position_and_changes_its_hours(staff_client, position):
    data = form_data(position, is_open="", openings=0, ends_at="15:00", leaves_early="on")
    response = staff_client.post(f"/station/positions/{position.pk}/", data)
    assert response.status_code == 302
    assert "岗位信息已更新" in staff_client.get(response["Location"]).content.decode()
    position.refresh_from_db()
    assert not position.is_open and position.openings == 0 and position.leaves_early
    assert position.ends_at == datetime.time(15, 0)


def test_she_cannot_change_the_pay_or_the_employer(staff_client, position, other):
    data = form_data(position, pay_min=1, pay_max=99999, employer=other.employer_id)
    staff_client.post(f"/station/positions/{position.pk}/", data)
    position.refresh_from_db()
    assert position.pay_min == 2000 and position.pay_max == 3000
    assert position.employer_id != other.employer_id


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_employers_position_is_404(staff_client, other, method):
    response = getattr(staff_client, method)(
        f"/station/positions/{other.pk}/", form_data(other, is_open="")
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_open


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "08:00"}, "ends_at"),
        ({"openings": "-1"}, "openings"),
        ({"openings": "100000"}, "openings"),
        ({"starts_at": "25:00"}, "starts_at"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(staff_client, position, changes, field):
    before = (position.starts_at, position.ends_at, position.openings)
    response = staff_client.post(
        f"/station/positions/{position.pk}/", form_data(position, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    position.refresh_from_db()
    assert (position.starts_at, position.ends_at, position.openings) == before


def test_someone_who_keeps_no_employer_sees_none(client, position):
    client.force_login(UserFactory())
    assert "花生分拣" not in client.get("/station/positions/").content.decode()
    assert client.get(f"/station/positions/{position.pk}/").status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, position):
    response = client.get(f"/station/positions/{position.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_english_page(staff_client, position):
    response = staff_client.get("/en/station/positions/")
    assert "Our positions" in response.content.decode()


def test_pages_in_few_queries(staff_client, position, django_assert_max_num_queries):
    for number in range(10):
        PositionFactory(employer=position.employer, title=f"岗位{number}")
    with django_assert_max_num_queries(8):
        staff_client.get("/station/positions/")
    with django_assert_max_num_queries(8):
        staff_client.get(f"/station/positions/{position.pk}/")
