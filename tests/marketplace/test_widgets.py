"""Every date input on every page carries an ISO value (2026-03-31) in both languages: a
browser's ``<input type="date">`` shows nothing for 2026/03/31 (Django's Chinese format),
and a submit then sends nothing ("必需字段")."""

import datetime
import re
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

import pytest

from orders.production.forms.coordinator import OrderForm
from tests.factories import UserFactory
from tests.pages import page

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LANGUAGES = ["zh-hans", "en"]


class DateInputs(HTMLParser):
    """The ``name → value`` of each date input on a page."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "date":
            self.values[attrs["name"]] = attrs.get("value")


def date_inputs(response) -> dict[str, str | None]:
    parser = DateInputs()
    parser.feed(page(response))
    return parser.values


def address(language: str, name: str, *args) -> str:
    """``/…`` in Chinese (the default language has no prefix), ``/en/…`` in English."""
    with translation.override(language):
        return reverse(name, args=args)


def as_browser_sends(values: dict[str, str | None]) -> dict[str, str]:
    """What a browser submits: a date input drops a value that is not ISO and sends ""."""
    return {
        name: value if value and ISO_DATE.fullmatch(value) else "" for name, value in values.items()
    }


def sign_in_federation(client) -> None:
    user = UserFactory(first_name="妇联")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)


def assert_iso(values: dict[str, str | None], names: set[str]) -> None:
    assert set(values) == names
    for name, value in values.items():
        assert value and ISO_DATE.fullmatch(value), (name, value)


@pytest.mark.parametrize("language", LANGUAGES)
def test_federation_range_is_iso(client, db, language):
    sign_in_federation(client)

    response = client.get(address(language, "federation"))

    assert_iso(date_inputs(response), {"start", "end"})


def test_federation_range_submits_in_chinese(client, db):
    sign_in_federation(client)
    url = address("zh-hans", "federation")
    shown = as_browser_sends(date_inputs(client.get(url)))

    response = client.get(url, shown | {"start": "2026-03-01"})

    form = response.context["form"]
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2026, 3, 1)
    assert "必需字段" not in page(response)
    assert date_inputs(response)["start"] == "2026-03-01"


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_ranges_are_iso(coordinator_client, mother, language):
    for name, args in [("co_dashboard", []), ("co_dashboard_mother", [mother.pk])]:
        response = coordinator_client.get(address(language, name, *args))

        assert_iso(date_inputs(response), {"from", "to"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_payout_cutoff_is_iso(coordinator_client, language):
    response = coordinator_client.get(address(language, "co_payouts"))

    assert_iso(date_inputs(response), {"cutoff"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_order_due_date_and_window_are_iso(coordinator, language):
    """The new-order page starts blank; a form with dates (say one sent back with an error)
    shows them in ISO."""
    form = OrderForm(
        initial={
            "due_date": datetime.date(2026, 12, 1),
            "window_closes_at": datetime.datetime(2026, 11, 30, 18, 5),
        },
        products=coordinator.cooperative.products.all(),
        needed=0,
    )

    with translation.override(language):
        due, window = str(form["due_date"]), str(form["window_closes_at"])

    assert 'type="date"' in due and 'value="2026-12-01"' in due
    assert 'type="datetime-local"' in window and 'value="2026-11-30T18:05"' in window
