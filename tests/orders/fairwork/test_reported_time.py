"""Saying how long a handover took: she says, changes or takes it back from her claim page
for her recent handovers; the coordinator may ask her at the counter; bad input changes
nothing; anyone else's handover is a 404. Pages are read in English."""

import datetime

from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

import pytest

from orders.exceptions import TimeReportNotPossible
from orders.fairwork.services.reported import REPORT_DAYS, handover_time_report
from orders.models import Handover
from tests.orders.factories import (
    HandoverFactory,
    InspectionFactory,
    RejectionReasonFactory,
    mother_for,
)
from tests.orders.production.helpers import fresh, page_queries
from tests.pages import en, page, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(claim) -> Handover:
    return HandoverFactory(claim=claim, count=10)


def _say(client, handover, **data):
    return client.post(en("work_handover_time", handover.pk), data, follow=True)


def test_she_says_a_quick_choice_and_sees_her_hourly_pay(mother_client, handover, order):
    loose = RejectionReasonFactory(cooperative=order.cooperative)
    InspectionFactory(handover=handover, accepted=8, rejections={loose.pk: 2})

    response = _say(mother_client, handover, minutes="120")

    assert fresh(handover).minutes_reported == 120
    assert said(response) == ["Noted: 2 hours. Only you see it."]
    # 8 accepted × ¥3.50 = ¥28.00 over the 2 hours the whole handover took.
    assert "You said it took 2 hours." in page(response)
    assert "About ¥14.00 an hour." in page(response)


def test_she_says_another_time_in_hours_and_can_take_it_back(mother_client, handover):
    _say(mother_client, handover, hours="1.75")
    assert fresh(handover).minutes_reported == 105

    _say(mother_client, handover, minutes="240")
    assert fresh(handover).minutes_reported == 240

    response = _say(mother_client, handover, clear="on")
    assert fresh(handover).minutes_reported is None
    assert "no longer counts" in said(response)[0]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"minutes": "0"},
        {"minutes": "45"},
        {"minutes": "abc"},
        {"hours": "0"},
        {"hours": "-2"},
        {"hours": "501"},
        {"hours": "1e9"},
        {"hours": "两"},
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(mother_client, handover, data):
    Handover.objects.filter(pk=handover.pk).update(minutes_reported=60)

    response = _say(mother_client, handover, **data)

    assert response.status_code == 200
    assert [m for m in response.context["messages"] if m.level_tag == "error"]
    assert fresh(handover).minutes_reported == 60


def test_anyone_elses_handover_is_not_found(handover, order):
    other = Client()
    other.force_login(mother_for(order).user)

    assert other.post(en("work_handover_time", handover.pk), {"minutes": "60"}).status_code == 404
    assert fresh(handover).minutes_reported is None


def test_a_handover_older_than_the_window_can_no_longer_be_changed(mother_client, handover):
    long_ago = timezone.now() - datetime.timedelta(days=REPORT_DAYS, minutes=1)
    Handover.objects.filter(pk=handover.pk).update(received_at=long_ago)

    response = _say(mother_client, handover, minutes="60")

    assert "within 30 days" in said(response)[0]
    assert fresh(handover).minutes_reported is None
    assert en("work_handover_time", handover.pk) not in page(response)  # no form offered


def test_the_service_refuses_someone_else(handover, order):
    with pytest.raises(TimeReportNotPossible):
        handover_time_report(handover=handover, user=mother_for(order).user, minutes=60)


def test_the_database_refuses_an_impossible_time(handover):
    with pytest.raises(IntegrityError):
        Handover.objects.filter(pk=handover.pk).update(minutes_reported=0)


def test_the_claim_page_keeps_its_query_count(mother_client, claim):
    for _ in range(2):
        InspectionFactory(handover=HandoverFactory(claim=claim, count=2), rejections={})
    url = en("work_claim", claim.pk)
    few = page_queries(mother_client, url)
    for _ in range(3):
        handover = HandoverFactory(claim=claim, count=2)
        Handover.objects.filter(pk=handover.pk).update(minutes_reported=30)
        InspectionFactory(handover=handover, rejections={})

    assert page_queries(mother_client, url) == few


# At the counter ----------------------------------------------------------------------------


def test_the_coordinator_may_record_her_time_with_the_handover(coordinator_client, order, claim):
    prefix = f"c{claim.pk}"
    response = coordinator_client.post(
        en("co_handover_new", order.pk, claim.pk),
        {f"{prefix}-count": "5", f"{prefix}-seen": "0", f"{prefix}-minutes_reported": "60"},
    )

    assert response.status_code == 302
    assert Handover.objects.get(claim=claim).minutes_reported == 60


def test_the_time_is_optional_at_the_counter(coordinator_client, order, claim):
    prefix = f"c{claim.pk}"
    coordinator_client.post(
        en("co_handover_new", order.pk, claim.pk),
        {f"{prefix}-count": "5", f"{prefix}-seen": "0", f"{prefix}-minutes_reported": ""},
    )

    assert Handover.objects.get(claim=claim).minutes_reported is None


def test_a_made_up_time_at_the_counter_is_refused(coordinator_client, order, claim):
    prefix = f"c{claim.pk}"
    response = coordinator_client.post(
        en("co_handover_new", order.pk, claim.pk),
        {f"{prefix}-count": "5", f"{prefix}-seen": "0", f"{prefix}-minutes_reported": "99999"},
    )

    assert response.status_code == 400
    assert not Handover.objects.filter(claim=claim).exists()
