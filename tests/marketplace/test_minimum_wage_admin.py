"""The regions' minimum wages in the Wagtail admin (marketplace/wagtail_hooks.py): the women's
federation and admins enter them, with the date in force and the source; coordinators may
not; a cooperative's region is chosen on its own form."""

from decimal import Decimal

from django.contrib.auth.models import Group

import pytest

from marketplace.models import MinimumWage, Region
from tests.factories import CooperativeFactory, RegionFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

SNIPPETS = "/cms/snippets/marketplace/minimumwage/"


@pytest.fixture
def federation(client):
    user = UserFactory(username="fulian-admin")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    return client


def test_the_federation_enters_a_minimum_wage(federation):
    region = RegionFactory()
    response = federation.post(
        f"{SNIPPETS}add/",
        {
            "region": region.pk,
            "hourly": "25.30",
            "effective_from": "2026-10-01",
            "source": "鲁人社字〔2026〕1 号",
            "source_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    wage = MinimumWage.objects.get()
    assert (wage.region, wage.hourly, wage.is_example) == (region, Decimal("25.30"), False)
    assert federation.get(SNIPPETS).status_code == 200


def test_the_federation_adds_a_region(federation):
    response = federation.post(
        "/cms/snippets/marketplace/region/add/",
        {"name": "济南市", "name_en": "Jinan", "code": "jinan"},
    )
    assert response.status_code == 302
    assert Region.objects.filter(code="jinan").exists()


@pytest.mark.parametrize("hourly", ["0", "-1", "abc"])
def test_a_figure_that_is_no_wage_is_refused(federation, hourly):
    fields = {"region": RegionFactory().pk, "hourly": hourly}
    response = federation.post(
        f"{SNIPPETS}add/", fields | {"effective_from": "2026-10-01", "source": "x"}
    )
    assert response.status_code == 200
    assert not MinimumWage.objects.exists()


def test_a_coordinator_may_not_enter_minimum_wages(client):
    coordinator = coordinator_of(CooperativeFactory())
    coordinator.user.is_staff = True
    coordinator.user.save()
    client.force_login(coordinator.user)
    response = client.get(SNIPPETS)
    assert response.status_code in (302, 403)
    assert not MinimumWage.objects.exists()


def test_a_cooperatives_form_chooses_its_region(client):
    client.force_login(UserFactory(username="root-rates", is_superuser=True, is_staff=True))
    cooperative = CooperativeFactory()
    page = client.get(f"/cms/snippets/marketplace/cooperative/edit/{cooperative.pk}/")
    assert 'name="region"' in page.content.decode()
