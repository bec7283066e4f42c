"""The mother's own work at /work/mine/ and /work/claims/<id>/: her claims, what became of
her pieces (handed over, accepted, rejected and why, corrected, earned) and each handover's
result; only her own, in the same number of queries however many claims and handovers.
Pages are read in English (/en/) so the assertions hold whatever the Chinese catalogue says.
"""

import datetime
import re
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from orders.models import ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.factories import make_image
from tests.orders.factories import ProductionOrderFactory, RejectionReasonFactory, mother_for
from tests.orders.production.helpers import claim_page, days, page_queries
from tests.pages import en

# My work -------------------------------------------------------------------------------


def test_my_work_lists_claims_with_due_dates_status_and_warnings(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=40)
    late = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=late, mother=mother, quantity=8)
    ProductionOrder.objects.filter(pk=late.pk).update(due_date=days(-2))
    dropped = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=dropped, mother=mother, quantity=5)
    claim_set(order=dropped, mother=mother, quantity=0)

    response = mother_client.get(en("work_mine"))
    page = response.content.decode()

    claims = list(response.context["page_obj"])
    assert [c.order_id for c in claims] == [late.pk, order.pk, dropped.pk]  # active first
    assert page.count("Past due.") == 1
    assert "40 × ¥3.50 = ¥140.00 when accepted" in page
    assert days(21).isoformat() in page and days(-2).isoformat() in page
    assert 'work-card--released" data-claim-status="released"' in page


def test_my_work_without_claims_points_to_open_work(mother_client):
    page = mother_client.get(en("work_mine")).content.decode()

    assert "You have not taken any work yet." in page
    assert en("work_open") in page


# What became of her pieces --------------------------------------------------------------


@pytest.fixture
def loose_knot(order):
    return RejectionReasonFactory(cooperative=order.cooperative)


def _fact(page: str, label: str) -> str:
    """The figure shown next to ``label`` in a claim's progress."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert found, label
    return found.group(1)


def _inspected(claim, coordinator, *, count, accepted, rejections=None, **kwargs):
    handover = handover_record(claim=claim, count=count, actor=coordinator.user)
    return inspection_record(
        handover=handover,
        accepted=accepted,
        rejections=rejections or {},
        actor=coordinator.user,
        **kwargs,
    )


@pytest.fixture
def inspected(order, mother, coordinator, loose_knot):
    """Claim 40 at ¥3.50, hand over 40, inspection: 38 accepted, 2 loose knots."""
    claim = claim_set(order=order, mother=mother, quantity=40)
    return _inspected(
        claim, coordinator, count=40, accepted=38, rejections={loose_knot.pk: 2}, note="两个松结"
    )


def test_my_work_shows_what_became_of_her_pieces(mother_client, order, inspected, loose_knot):
    response = mother_client.get(en("work_mine"))
    page = response.content.decode()

    [claim] = response.context["page_obj"]
    assert claim.earned == Decimal("133.00")  # 38 × ¥3.50
    assert claim.reasons == [(loose_knot, 2)]
    figures = {
        label: _fact(page, label)
        for label in (
            "Claimed",
            "Handed over",
            "Awaiting inspection",
            "Accepted",
            "Rejected",
            "To make",
            "Earned so far",
        )
    }
    assert figures == {
        "Claimed": "40",
        "Handed over": "40",
        "Awaiting inspection": "0",
        "Accepted": "38",
        "Rejected": "2",
        "To make": "2",  # the two rejected pieces, to rework
        "Earned so far": "¥133.00",
    }
    assert "Loose knot: 2 pieces" in page
    assert en("work_claim", claim.pk) in page


def test_my_work_sums_her_earnings_and_what_awaits_inspection(
    mother_client, order, mother, inspected, coordinator
):
    claim = inspected.handover.claim
    handover_record(claim=claim, count=2, actor=coordinator.user)  # the reworked pair

    page = mother_client.get(en("work_mine")).content.decode()

    assert _fact(page, "Handed over") == "42"
    assert _fact(page, "Awaiting inspection") == "2"
    assert _fact(page, "To make") == "0"
    assert '<dd id="earned-month">¥133.00</dd>' in page
    assert '<dd id="earned-total">¥133.00</dd>' in page
    assert '<dd id="awaiting">2 pieces · ¥7.00</dd>' in page


def test_a_correction_changes_the_figures_and_the_reasons(
    mother_client, order, inspected, coordinator
):
    inspection_correct(
        inspection=inspected, accepted=40, rejections={}, actor=coordinator.user, note="Recounted"
    )

    response = mother_client.get(en("work_mine"))
    page = response.content.decode()

    [claim] = response.context["page_obj"]
    assert claim.earned == Decimal("140.00")  # ¥133.00 and the correction's ¥7.00
    assert claim.reasons == []  # only the result that counts
    assert _fact(page, "Accepted") == "40" and _fact(page, "Rejected") == "0"
    assert "Loose knot" not in page
    assert '<dd id="earned-total">¥140.00</dd>' in page


def test_earned_this_month_follows_the_shanghai_calendar(mother_client, order, mother, coordinator):
    """An entry at 23:59:59 on the last day of last month (Shanghai) is last month's, even
    though it is 15:59:59 UTC; one at 00:00 on the first is this month's."""
    shanghai = ZoneInfo("Asia/Shanghai")
    start = timezone.localtime(timezone=shanghai).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    before = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claims = [
        claim_set(order=before, mother=mother, quantity=10),
        claim_set(order=order, mother=mother, quantity=20),
    ]
    for claim, when in zip(claims, (start - datetime.timedelta(seconds=1), start), strict=True):
        with mock.patch("django.utils.timezone.now", return_value=when):
            _inspected(claim, coordinator, count=claim.quantity, accepted=claim.quantity)

    page = mother_client.get(en("work_mine")).content.decode()

    assert '<dd id="earned-month">¥70.00</dd>' in page  # 20 × ¥3.50
    assert '<dd id="earned-total">¥105.00</dd>' in page  # and 10 × ¥3.50
    assert '<dd id="awaiting">0 pieces · ¥0.00</dd>' in page


def test_my_work_earnings_are_only_hers(mother_client, order, mother, coordinator):
    neighbour = mother_for(order)
    _inspected(
        claim_set(order=order, mother=neighbour, quantity=30), coordinator, count=30, accepted=30
    )
    claim_set(order=order, mother=mother, quantity=10)

    page = mother_client.get(en("work_mine")).content.decode()

    assert '<dd id="earned-total">¥0.00</dd>' in page
    assert _fact(page, "Earned so far") == "¥0.00"


def test_a_claim_without_handovers_shows_what_is_to_make(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = mother_client.get(en("work_mine")).content.decode()

    assert _fact(page, "Claimed") == "40" and _fact(page, "Handed over") == "0"
    assert _fact(page, "To make") == "40"


def test_past_due_warns_only_while_pieces_are_still_to_make(
    mother_client, order, mother, coordinator
):
    claim = claim_set(order=order, mother=mother, quantity=10)
    handover_record(claim=claim, count=10, actor=coordinator.user)
    late = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=late, mother=mother, quantity=8)
    ProductionOrder.objects.filter(pk__in=[order.pk, late.pk]).update(due_date=days(-1))

    page = mother_client.get(en("work_mine")).content.decode()

    assert page.count("Past due.") == 1  # all ten of the first are handed over


# One claim: each handover and its inspection --------------------------------------------


def test_the_claim_page_lists_each_handover_with_its_result(
    mother_client, order, mother, coordinator, loose_knot
):
    claim = claim_set(order=order, mother=mother, quantity=40)
    first = _inspected(
        claim,
        coordinator,
        count=30,
        accepted=28,
        rejections={loose_knot.pk: 2},
        note="两个松结",
        photo=make_image("inspection"),
    )
    waiting = handover_record(claim=claim, count=4, actor=coordinator.user)

    response = mother_client.get(en("work_claim", claim.pk))
    page = response.content.decode()

    assert response.status_code == 200
    received = timezone.localtime(first.handover.received_at).strftime("%Y-%m-%d %H:%M")
    assert received in page
    assert "30 pieces handed over" in page and "4 pieces handed over" in page
    assert "28 accepted" in page and "2 rejected" in page
    assert "Loose knot: 2 pieces" in page
    assert "Coordinator's note:</span> 两个松结" in page
    [photo] = re.findall(r'<img [^>]*alt="Photo from the inspection"[^>]*>', page)
    assert re.search(r'src="[^"]*\.max-240x240\.format-webp[^"]*\.webp"', photo), photo
    assert "Earned: ¥98.00" in page  # 28 × ¥3.50
    assert "Awaiting inspection: ¥14.00 if every piece is accepted" in page  # 4 × ¥3.50
    assert [shown.handover.pk for shown in response.context["handovers"]] == [
        first.handover_id,
        waiting.pk,
    ]
    assert _fact(page, "Earned so far") == "¥98.00"


def test_the_claim_page_shows_a_correction(mother_client, order, inspected, coordinator):
    correction = inspection_correct(
        inspection=inspected,
        accepted=40,
        rejections={},
        actor=coordinator.user,
        note="Recounted: the knots hold",
    )

    page = mother_client.get(en("work_claim", inspected.handover.claim_id)).content.decode()

    corrected_on = timezone.localtime(correction.inspected_at).strftime("%Y-%m-%d")
    assert f"Corrected on {corrected_on}: was 38 accepted" in page
    assert "40 accepted" in page and "rejected</span>" not in page
    assert "Recounted: the knots hold" in page
    assert "Loose knot" not in page
    assert "Earned: ¥140.00" in page  # ¥133.00 and the correction's ¥7.00


def test_the_claim_page_without_handovers_says_when_to_bring_them(mother_client, order, mother):
    claim = claim_set(order=order, mother=mother, quantity=10)

    page = mother_client.get(en("work_claim", claim.pk)).content.decode()

    assert f"No handovers yet. Bring your finished pieces to the station by {days(21)}." in page
    assert "Change my claim" in page and claim_page(order) in page


def test_another_mothers_claim_is_not_found_and_nothing_leaks(
    mother_client, order, coordinator, loose_knot
):
    neighbour = mother_for(order)
    theirs = claim_set(order=order, mother=neighbour, quantity=30)
    _inspected(
        theirs, coordinator, count=30, accepted=29, rejections={loose_knot.pk: 1}, note="秘密备注"
    )

    response = mother_client.get(en("work_claim", theirs.pk))

    assert response.status_code == 404
    page = response.content.decode()
    assert "秘密备注" not in page and "Red 8-inch knot" not in page and "¥101.50" not in page
    assert mother_client.get(f"/en/work/claims/{10**30}/").status_code == 404


def test_a_claim_page_needs_sign_in(client, order, mother):
    claim = claim_set(order=order, mother=mother, quantity=10)

    response = client.get(en("work_claim", claim.pk))

    assert response.status_code == 302 and response.url.startswith(en("login"))


# Query counts: the same however many claims, handovers and inspections ----------------


def _claims_with_results(coop, mother, coordinator, reason, count: int) -> list:
    """``count`` claims, each with an inspected handover (a rejection, a photo), every other
    one corrected, and a handover awaiting inspection."""
    claims = []
    for n in range(count):
        order = ProductionOrderFactory(cooperative=coop, required_skill=None)
        claim = claim_set(order=order, mother=mother, quantity=10)
        inspection = _inspected(
            claim,
            coordinator,
            count=6,
            accepted=5,
            rejections={reason.pk: 1},
            photo=make_image(f"inspection-{n}"),
        )
        if n % 2:
            inspection_correct(
                inspection=inspection, accepted=6, rejections={}, actor=coordinator.user, note="ok"
            )
        handover_record(claim=claim, count=2, actor=coordinator.user)
        claims.append(claim)
    return claims


def test_my_work_takes_the_same_queries_for_2_or_20_claims(
    mother_client, order, mother, coordinator, loose_knot, django_assert_max_num_queries
):
    _claims_with_results(order.cooperative, mother, coordinator, loose_knot, 2)
    few = page_queries(mother_client, en("work_mine"))

    _claims_with_results(order.cooperative, mother, coordinator, loose_knot, 18)
    with django_assert_max_num_queries(few):
        response = mother_client.get(en("work_mine"))

    assert len(response.context["page_obj"]) == 20
    assert '<dd id="awaiting">40 pieces · ¥140.00</dd>' in response.content.decode()


def _handovers_with_results(claim, coordinator, reason, count: int) -> None:
    for n in range(count):
        inspection = _inspected(
            claim,
            coordinator,
            count=2,
            accepted=1,
            rejections={reason.pk: 1},
            photo=make_image(f"handover-{n}"),
        )
        if n % 2:
            inspection_correct(
                inspection=inspection, accepted=2, rejections={}, actor=coordinator.user, note="ok"
            )


def test_the_claim_page_takes_the_same_queries_for_2_or_20_handovers(
    mother_client, order, mother, coordinator, loose_knot, django_assert_max_num_queries
):
    claim = claim_set(order=order, mother=mother, quantity=60)
    _handovers_with_results(claim, coordinator, loose_knot, 2)
    url = en("work_claim", claim.pk)
    few = page_queries(mother_client, url)

    _handovers_with_results(claim, coordinator, loose_knot, 18)
    mother_client.get(url)  # the new photos' renditions are made once
    with django_assert_max_num_queries(few):
        response = mother_client.get(url)

    assert len(response.context["handovers"]) == 20
    assert response.content.decode().count("Corrected on") == 10
