"""Effective hourly pay from the times mothers reported: hers on her month page and on her own
payslip; per order and product on the coordinator's dashboard (spread across mothers, only
from three mothers, flagged below the minimum); per cooperative for the federation, with its
small-cell rule. Pages are read in English.

Every order pays ¥3.50 a piece; the cooperative's region has a ¥20.00 hourly minimum.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from marketplace.models import Cooperative, MinimumWage, Region
from orders.models import Handover
from tests.factories import CooperativeFactory, UserFactory, coordinator_of
from tests.orders.factories import (
    ClaimFactory,
    HandoverFactory,
    ProductionOrderFactory,
    earn,
    knot_order,
    mother_for,
)
from tests.orders.money.pdfs import pdf_text
from tests.pages import en, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(db) -> Cooperative:
    region = Region.objects.create(code="qd", name="青岛市", name_en="Qingdao")
    MinimumWage.objects.create(
        region=region,
        hourly=Decimal("20.00"),
        effective_from=datetime.date(2020, 1, 1),
        source="example",
        is_example=True,
    )
    return CooperativeFactory(region=region)


def reported(order, mother, *, accepted: int, minutes: int | None, rejected: int = 0):
    """She hands over ``accepted`` + ``rejected`` pieces, inspected, and says they took
    ``minutes``."""
    claim = earn(order, mother, accepted=accepted, rejected=rejected)
    handover = claim.handovers.order_by("-pk").first()
    Handover.objects.filter(pk=handover.pk).update(minutes_reported=minutes)
    return handover


# Hers ---------------------------------------------------------------------------------------


def test_her_month_shows_her_hourly_pay_over_what_she_reported(mother_client, order, mother):
    # 8 accepted (¥28.00) + 2 rejected over 2 h, and 4 accepted (¥14.00) over 1 h:
    # ¥42.00 over 3 h = ¥14.00 an hour, below the ¥20.00 minimum.
    reported(order, mother, accepted=8, rejected=2, minutes=120)
    reported(order, mother, accepted=4, minutes=60)
    reported(order, mother, accepted=30, minutes=None)  # said nothing: not counted
    waiting = HandoverFactory(claim=ClaimFactory(order=order, mother=mother, quantity=50), count=1)
    Handover.objects.filter(pk=waiting.pk).update(minutes_reported=600)  # not yet inspected
    reported(order, mother_for(order), accepted=2, minutes=600)  # someone else's

    response = mother_client.get(en("work_insights"))

    hours = response.context["hours"]
    assert (hours.earned, hours.minutes, hours.accepted) == (Decimal("42.00"), 180, 12)
    assert hours.hourly == Decimal("14.00") and hours.pays_minimum is False
    assert "¥14.00 an hour" in page(response)
    assert "Your pay is below it" in page(response)


def test_her_month_without_reports_says_how_to_get_one(mother_client, order, mother):
    earn(order, mother, accepted=5)

    response = mother_client.get(en("work_insights"))

    assert response.context["hours"].hourly is None
    assert "Say how long your pieces took" in page(response)


def test_her_payslip_shows_her_hourly_pay_and_the_coordinators_copy_does_not(
    mother_client, order, mother, coordinator
):
    reported(order, mother, accepted=8, rejected=2, minutes=120)
    month = timezone.localdate().strftime("%Y-%m")

    hers = mother_client.get(en("work_payslip", order.cooperative_id, month))
    other = Client()
    other.force_login(coordinator.user)
    theirs = other.get(en("co_payslip", mother.pk, month))

    assert "Effective hourly pay: ¥14.00 an hour" in page(hers)
    assert theirs.status_code == 200
    assert "Effective hourly pay" not in page(theirs)


def test_her_payslip_pdf_has_the_line_too(mother_client, order, mother):
    reported(order, mother, accepted=8, rejected=2, minutes=120)
    month = timezone.localdate().strftime("%Y-%m")

    response = mother_client.get(en("work_payslip_pdf", order.cooperative_id, month))

    assert "Effectivehourlypay:¥14.00anhour" in pdf_text(response.content)


# The coordinator's dashboard ------------------------------------------------------------


def _dashboard(client):
    return client.get(en("co_dashboard"))


def test_fewer_than_three_mothers_show_no_figure(coordinator_client, order):
    reported(order, mother_for(order), accepted=8, minutes=120)
    reported(order, mother_for(order), accepted=20, minutes=50)  # ¥84.00 an hour

    response = _dashboard(coordinator_client)

    by_order, by_product = (groups for _, groups, _ in response.context["hours_tables"])
    assert [(g.key, g.mothers, g.too_few) for g in by_order] == [(order.pk, 2, True)]
    assert "Too few reports" in page(response)
    assert "¥84.00" not in page(response)


def test_three_mothers_give_a_spread_flagged_below_the_minimum(coordinator_client, order):
    # ¥14.00, ¥17.50 and ¥140.00 an hour: median ¥17.50 < ¥20.00.
    reported(order, mother_for(order), accepted=8, minutes=120)
    reported(order, mother_for(order), accepted=5, minutes=60)
    reported(order, mother_for(order), accepted=40, minutes=60)
    # A second order of another product: three mothers well above the minimum.
    other = knot_order(order.cooperative, piece_rate=Decimal("10.00"))
    for _ in range(3):
        reported(other, mother_for(other), accepted=6, minutes=60)

    response = _dashboard(coordinator_client)

    by_order = response.context["hours_tables"][0][1]
    first, second = by_order
    assert first.key == order.pk and first.below
    assert (first.spread.low, first.spread.median, first.spread.high) == (
        Decimal("15.75"),
        Decimal("17.50"),
        Decimal("78.75"),
    )
    assert second.key == other.pk and not second.below and second.spread.median == Decimal("60.00")
    assert "Below the minimum: check the time per piece" in page(response)


def test_a_mother_counts_once_per_order_however_often_she_reports(coordinator_client, order):
    often = mother_for(order)
    for _ in range(5):
        reported(order, often, accepted=1, minutes=60)  # ¥3.50 an hour, five times
    reported(order, mother_for(order), accepted=10, minutes=60)
    reported(order, mother_for(order), accepted=10, minutes=60)

    group = _dashboard(coordinator_client).context["hours_tables"][0][1][0]

    assert group.mothers == 3 and group.spread.median == Decimal("35.00")


def test_another_cooperatives_reports_are_not_counted(coordinator_client, order):
    elsewhere = ProductionOrderFactory()
    for _ in range(3):
        reported(elsewhere, mother_for(elsewhere), accepted=8, minutes=60)

    response = _dashboard(coordinator_client)

    assert all(not groups for _, groups, _ in response.context["hours_tables"])


def test_the_dashboard_keeps_its_query_count(coordinator_client, order):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _dashboard(coordinator_client).status_code == 200
        return len(queries)

    reported(order, mother_for(order), accepted=8, minutes=120)
    few = count()
    for _ in range(4):
        other = knot_order(order.cooperative)
        for _ in range(3):
            reported(other, mother_for(other), accepted=5, minutes=60)

    assert count() == few


# The federation --------------------------------------------------------------------------


@pytest.fixture
def reader(db) -> Client:
    client = Client()
    user = UserFactory(username="fulian-hours")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    return client


def _cooperative_with(mothers: int, *, name: str, minutes: int = 60):
    coop = CooperativeFactory(name=f"{name}合作社", name_en=f"{name} coop")
    order = knot_order(coop)
    coordinator_of(coop)
    for _ in range(mothers):
        reported(order, mother_for(order), accepted=6, minutes=minutes)  # ¥21.00 an hour
    return coop


def test_the_federation_merges_a_cooperative_with_too_few_reports(reader):
    solo = _cooperative_with(1, name="Solo", minutes=30)  # her ¥42.00 an hour
    three = _cooperative_with(3, name="Three")
    four = _cooperative_with(4, name="Four")

    response = reader.get(en("federation"))

    hours = response.context["hours"]
    # Solo (1) and the smallest shown (Three) merged: 4 women; the total 8.
    assert [row.cooperative for row in hours.rows] == [four]
    assert hours.others.mothers == 4 and hours.others.merged == 2
    assert hours.total.mothers == 8 and not hours.total.hidden
    assert "¥42.00" not in page(response)
    assert {solo, three}.isdisjoint(row.cooperative for row in hours.rows)


def test_the_federation_hides_everything_below_three_women(reader):
    _cooperative_with(2, name="Pair")

    response = reader.get(en("federation"))

    hours = response.context["hours"]
    assert hours.total.hidden and hours.others.hidden
    assert "¥21.00" not in page(response)
