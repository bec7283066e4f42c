"""Rights help: the page with the consultation hours, and the request form that reaches the
federation's staff (stored with status new, they are told by e-mail), throttled, never cached."""

from django.contrib.auth.models import Group

import pytest

from station.models import RightsRequest, RightsStatus
from station.rights import throttle
from tests.factories import UserFactory
from tests.station.factories import rights_page

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "张女士",
    "phone": "13800001234",
    "topic": "contract",
    "what_happened": "老板不肯签劳动合同。",
    "consent": "on",
}


@pytest.fixture
def page(tree):
    return rights_page(tree)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def federation_staff():
    user = UserFactory(username="fulian-staff", email="staff@fulian.example")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    return user


def test_page_shows_the_consultation_hours_place_and_phone(client, page):
    html = client.get(page.url).content.decode()
    assert "每周二、周四、周六上午 9:00–11:30" in html
    assert "水集街道便民服务大厅" in html
    assert 'href="tel:0532-88412345"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_request_is_stored_new_and_the_federation_told(
    client, page, federation_staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, GOOD)
    assert response.status_code == 302
    assert "您的申请已送达妇联" in client.get(response["Location"]).content.decode()
    stored = RightsRequest.objects.get()
    assert stored.status == RightsStatus.NEW and stored.name == "张女士" and stored.consent
    (message,) = mailoutbox
    assert message.to == ["staff@fulian.example"]
    assert f"/station/rights/requests/{stored.pk}/" in message.body
    # Her name, phone and story stay on the site.
    assert "张女士" not in message.body and "13800001234" not in message.body
    assert "劳动合同" not in message.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"phone": "call me"}, "phone"),
        ({"name": ""}, "name"),
        ({"topic": "secret"}, "topic"),
        ({"what_happened": "字" * 2001}, "what_happened"),
    ],
)
def test_bad_input_is_explained_and_stores_nothing(client, page, changes, field):
    response = client.post(page.url, {**GOOD, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="problem"' in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_flood_from_one_address_is_refused(client, page):
    for _ in range(throttle.PER_HOUR):
        assert client.post(page.url, GOOD).status_code == 302
    response = client.post(page.url, GOOD)
    assert response.status_code == 429
    assert RightsRequest.objects.count() == throttle.PER_HOUR


def test_the_page_is_never_kept_in_a_shared_cache(client, page, settings):
    settings.PAGE_CACHE_ENABLED = True
    response = client.get(page.url)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_no_request_is_in_the_sitemap(client, page):
    RightsRequest.objects.create(**{**GOOD, "consent": True})
    xml = client.get("/sitemap.xml").content.decode()
    assert "/station/rights/" not in xml


def test_english_page(client, page, tree):
    english = tree.translate(page, title="Rights help")
    html = client.get(english.url).content.decode()
    assert "Ask for help" in html and "What happened" in html


def test_page_in_few_queries(client, page, django_assert_max_num_queries):
    client.get(page.url)
    with django_assert_max_num_queries(8):
        client.get(page.url)
