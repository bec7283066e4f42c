"""Every table download of the dashboard and the federation streams (orders/spreadsheets.py)
and still answers bad input plainly: an unknown table or format is not found, another
cooperative's mother is not found, a range too long falls back to the default (the file's
name says which range it holds)."""

import datetime

from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.utils import timezone

import pytest

from marketplace.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.pages import en


@pytest.fixture
def federation_client(client, db):
    user = UserFactory(username="fulian-stream")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", ["orders", "mothers", "rejections", "products", "weeks", "money"])
def test_every_dashboard_table_streams(coordinator_client, table, fmt):
    response = coordinator_client.get(en("co_dashboard_export", table, fmt))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_federation_export_streams(federation_client, fmt):
    response = federation_client.get(en("federation_export", fmt))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)


def test_a_dashboard_range_of_more_than_three_years_gives_the_last_30_days(
    coordinator_client, coordinator
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)

    response = coordinator_client.get(
        en("co_dashboard_export", "orders", "csv"), {"from": "2000-01-01", "to": today}
    )

    name = f"orders-{coordinator.cooperative_id}-{start.isoformat()}-{today.isoformat()}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_federation_range_of_more_than_five_years_gives_the_default(federation_client):
    response = federation_client.get(
        en("federation_export", "csv"), {"start": "2001-01-01", "end": "2026-01-01"}
    )

    assert response.status_code == 200
    assert "20010101" not in response["Content-Disposition"]


def test_another_cooperatives_mother_is_not_found(coordinator_client):
    stranger = MembershipFactory(role=Role.MOTHER)  # of another cooperative

    response = coordinator_client.get(en("co_dashboard_mother_export", stranger.pk, "weeks", "csv"))

    assert response.status_code == 404


def test_an_unknown_table_or_format_is_not_found(coordinator_client, mother):
    assert coordinator_client.get(en("co_dashboard_export", "users", "csv")).status_code == 404
    pdf = en("co_dashboard_mother_export", mother.pk, "weeks", "csv").replace(".csv", ".pdf")
    assert coordinator_client.get(pdf).status_code == 404
    assert coordinator_client.get("/en/federation/export.pdf").status_code == 404
