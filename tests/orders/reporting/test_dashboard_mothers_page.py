"""The dashboard's mothers' table, a page at a time: sorted over every mother of the
cooperative, the range and sort kept in the page links, any page number answered with a page
(never a 500), and the export still listing every mother."""

import csv
import io
import re

from django.urls import reverse
from django.utils import translation

import pytest

from orders.reporting.views import dashboard as dashboard_views
from tests.orders.factories import mother_for
from tests.orders.reporting.dashboard_history import History

pytestmark = pytest.mark.django_db
RANGE = "from=2026-01-01&to=2026-02-28"


@pytest.fixture
def history(monkeypatch):
    """The known history (王 and 李 earned) and three mothers who did nothing, two a page."""
    monkeypatch.setattr(dashboard_views, "MOTHERS_PER_PAGE", 2)
    history = History()
    history.idle = []
    for name in ["甲", "乙", "丙"]:
        mother = mother_for(history.knots)
        mother.user.first_name, mother.user.last_name = "", name
        mother.user.save()
        history.idle.append(mother)
    return history


def page(client, history, query: str) -> str:
    client.force_login(history.coordinator.user)
    with translation.override("zh-hans"):
        response = client.get(f"{reverse('co_dashboard')}?{RANGE}&{query}")
    assert response.status_code == 200
    return response.content.decode()


def mothers_listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-mother="(\d+)"', html)]


def test_a_page_holds_only_its_mothers_sorted_over_all_of_them(client, history):
    # 王 earned 58.50, 李 36.00, the three others nothing: by earnings, most first.
    first = mothers_listed(page(client, history, "sort=-earned"))
    second = mothers_listed(page(client, history, "sort=-earned&page=2"))
    third = mothers_listed(page(client, history, "sort=-earned&page=3"))
    assert first == [history.wang.pk, history.li.pk]
    assert len(second) == 2 and len(third) == 1
    assert set(second + third) == {mother.pk for mother in history.idle}
    # Least first: the two earners come last, on the last page and the one before it.
    assert mothers_listed(page(client, history, "sort=earned&page=3")) == [history.wang.pk]


def test_the_page_links_keep_the_range_the_cooperative_and_the_sort(client, history):
    html = page(client, history, "sort=-balance&page=2")
    kept = f"{RANGE}&cooperative={history.cooperative.pk}&sort=-balance".replace("&", "&amp;")
    assert f'href="?{kept}&amp;page=1#mothers-heading"' in html
    assert f'href="?{kept}&amp;page=3#mothers-heading"' in html
    assert "第 2 页，共 3 页" in html


@pytest.mark.parametrize(("asked", "shown"), [("99", 3), ("0", 3), ("-1", 3), ("two", 1), ("", 1)])
def test_any_page_number_gives_a_page(client, history, asked, shown):
    html = page(client, history, f"sort=name&page={asked}")
    everyone = mothers_listed(page(client, history, f"sort=name&page={shown}"))
    assert mothers_listed(html) == everyone


def test_the_export_lists_every_mother(client, history):
    client.force_login(history.coordinator.user)
    with translation.override("zh-hans"):
        address = reverse("co_dashboard_export", args=["mothers", "csv"])
    response = client.get(f"{address}?{RANGE}&sort=-earned")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))  # streamed
    assert len(rows) == 1 + 5


def test_one_page_of_mothers_needs_no_links(client, history, monkeypatch):
    monkeypatch.setattr(dashboard_views, "MOTHERS_PER_PAGE", 5)
    html = page(client, history, "sort=name")
    assert len(mothers_listed(html)) == 5
    assert "#mothers-heading" not in html
