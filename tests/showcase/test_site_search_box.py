"""The header's search box shows only a showcase search: a page's own filters (the
dashboard's range, the member search) are also called ``query`` and must not leak into it."""

from html.parser import HTMLParser

import pytest

from tests.pages import en, page

pytestmark = pytest.mark.django_db


class HeaderSearch(HTMLParser):
    """The value of the header's search box (``#site-search``)."""

    def __init__(self):
        super().__init__()
        self.value: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("id") == "site-search":
            self.value = attrs.get("value")


def header_search(response) -> str | None:
    assert response.status_code == 200
    parser = HeaderSearch()
    parser.feed(page(response))
    return parser.value


def test_dashboard_range_stays_out_of_the_header_search(coordinator_client, coordinator):
    response = coordinator_client.get(
        en("co_dashboard"),
        {"from": "2026-11-01", "to": "2026-11-30", "cooperative": coordinator.cooperative_id},
    )

    assert header_search(response) == ""


def test_member_search_stays_out_of_the_header_search(coordinator_client):
    response = coordinator_client.get("/co/members/", {"q": "王"})

    assert "王" in page(response)  # her own search box keeps it
    assert header_search(response) == ""


def test_showcase_search_fills_the_header_search(client, tree):
    assert header_search(client.get("/search/", {"q": "结"})) == "结"
