"""The demo's directory and rights help: the seed's employers, positions, both pages in both
languages, and an employer's staff login; a second run adds nothing."""

import pytest

from station.demo.directory import seed_directory
from station.models import DirectoryPage, Employer, EmployerStaff, Position, RightsPage

pytestmark = pytest.mark.django_db


def test_seed_directory_builds_it_once(tree, client):
    seed_directory(home=tree.home)
    seed_directory(home=tree.home)
    names = set(Employer.objects.values_list("name", flat=True))
    assert {"喜我我花饽饽", "宝泉花生", "万达商场", "逸臣居家政", "彩虹手编"} <= names
    assert Position.objects.count() == 7
    assert Position.objects.filter(is_open=False).exists()
    assert EmployerStaff.objects.filter(user__username="baoquan").count() == 1
    for model in (DirectoryPage, RightsPage):
        assert model.objects.filter(locale__language_code="zh-hans").count() == 1
        english = model.objects.get(locale__language_code="en")
        assert client.get(english.url).status_code == 200
    assert "宝泉花生" in client.get("/directory/").content.decode()
    assert "Baoquan Peanuts" in client.get("/en/directory/").content.decode()
