"""Editors keep the directory in the Wagtail admin, and publish its page under the home."""

import pytest

from tests.factories import UserFactory
from tests.orders.factories import SkillFactory
from tests.station.factories import AreaFactory, EmployerFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["area", "employer", "position", "employerstaff"])
def test_directory_is_edited_in_the_wagtail_admin(admin_client, model):
    PositionFactory()
    assert admin_client.get(f"/cms/snippets/station/{model}/").status_code == 200
    assert admin_client.get(f"/cms/snippets/station/{model}/add/").status_code == 200


def test_an_editor_adds_a_position_with_its_skills(admin_client):
    employer = EmployerFactory(area=AreaFactory())
    skill = SkillFactory()
    data = {
        "employer": employer.pk,
        "title": "中国结编织",
        "title_en": "Knotting",
        "area": employer.area_id,
        "place": "",
        "starts_at": "09:00",
        "ends_at": "15:30",
        "days": "周一至周五",
        "bus_route": "",
        "flexibility_note": "",
        "pay_min": "2000.00",
        "pay_max": "1000.00",
        "skills": [skill.pk],
        "openings": "3",
        "is_open": "on",
    }
    refused = admin_client.post("/cms/snippets/station/position/add/", data)
    assert refused.status_code == 200  # the pay range upside down
    assert not employer.positions.exists()
    admin_client.post("/cms/snippets/station/position/add/", {**data, "pay_max": "3000.00"})
    position = employer.positions.get()
    assert list(position.skills.all()) == [skill]


def test_directory_and_rights_pages_may_be_added_under_home(tree):
    from station.models import DirectoryPage, RightsPage

    assert DirectoryPage.can_create_at(tree.home)
    assert RightsPage.can_create_at(tree.home)
