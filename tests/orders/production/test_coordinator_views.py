"""The coordinator's production workspace at /co/orders/: creating orders (for stock and for
paid made-to-order purchases), one order's page, handovers, inspections and corrections.

Who may do what (anonymous → sign in, a mother → 403, another cooperative's coordinator or
a guessed id → 404 and nothing changed), bad input with a clear message and nothing changed,
and an order page whose query count does not grow with its claims. Pages are read in English.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from PIL import Image as PILImage

from marketplace.models import Fulfilment, Role
from orders.models import (
    Claim,
    Handover,
    Inspection,
    LedgerEntry,
    OrderMode,
    OrderStatus,
    ProductionOrder,
    RejectionReason,
)
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from tests.factories import MembershipFactory, ProductFactory, make_image, paid_purchase
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import fresh, order_fields
from tests.pages import en, said


def loose_knot(order) -> RejectionReason:
    return RejectionReason.objects.get(cooperative=order.cooperative, code="loose-knot")


# Creating orders -----------------------------------------------------------------------


def test_a_new_order_for_stock_is_saved_as_a_draft(coordinator_client, order):
    response = coordinator_client.post(en("co_order_new"), order_fields(order.product))
    created = ProductionOrder.objects.exclude(pk=order.pk).get()
    assert response.status_code == 302
    assert (created.status, created.quantity, created.piece_rate) == (
        OrderStatus.DRAFT,
        200,
        Decimal("3.50"),
    )
    assert created.cooperative == order.cooperative


def test_save_and_publish_opens_it_and_tells_the_mothers(
    coordinator_client, order, mailoutbox, django_capture_on_commit_callbacks
):
    mother = mother_for(order)
    mother.user.email = "mama@example.com"
    mother.user.save()
    fields = order_fields(order.product, required_skill=order.required_skill_id, publish="1")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(en("co_order_new"), fields, follow=True)
    created = ProductionOrder.objects.exclude(pk=order.pk).get()
    assert created.status == OrderStatus.OPEN
    assert any("open" in message for message in said(response))
    assert [m.to for m in mailoutbox] == [["mama@example.com"]]


def test_a_photo_of_the_model_piece_is_kept(coordinator_client, order):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), "#b3202a").save(buffer, "PNG")
    upload = SimpleUploadedFile("knot.png", buffer.getvalue(), content_type="image/png")
    coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {"photo_upload": upload}
    )
    assert ProductionOrder.objects.exclude(pk=order.pk).get().photo is not None


def test_a_fake_image_is_refused(coordinator_client, order):
    fake = SimpleUploadedFile("knot.png", b"not an image at all", content_type="image/png")
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {"photo_upload": fake}
    )
    assert response.status_code == 400
    assert ProductionOrder.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "0", "at least 1 piece"),
        ("quantity", "-5", "at least 1 piece"),
        ("quantity", "1000000000", "more pieces than any order holds"),
        ("quantity", "lots", "whole number"),
        ("piece_rate", "0", "greater than or equal to 0.01"),
        ("piece_rate", "99999", "slip"),
        ("due_date", "2020-01-01", "past"),
        ("min_claim", "90", "above the most per mother"),
        ("mode", "request_window", "Say when requests close"),
    ],
)
def test_bad_orders_get_a_clear_message_and_change_nothing(
    coordinator_client, order, field, value, message
):
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product, **{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProductionOrder.objects.count() == 1


def test_another_cooperatives_product_cannot_be_ordered(coordinator_client, order):
    foreign = ProductFactory()
    response = coordinator_client.post(en("co_order_new"), order_fields(foreign))
    assert response.status_code == 400
    assert ProductionOrder.objects.count() == 1


def test_an_order_made_for_paid_purchases_serves_them(coordinator_client, order, client):
    product = ProductFactory(
        cooperative=order.cooperative, fulfilment=Fulfilment.MADE_TO_ORDER, stock=0
    )
    lines = [paid_purchase((product, n)).lines.get() for n in (6, 4)]
    page = coordinator_client.get(en("co_order_new"), {"lines": [line.pk for line in lines]})
    assert page.context["form"].initial["quantity"] == 10

    too_few = coordinator_client.post(
        en("co_order_new"),
        order_fields(product, quantity="9") | {"lines": [line.pk for line in lines]},
    )
    assert too_few.status_code == 400
    assert "at least the 10 pieces" in too_few.content.decode()

    coordinator_client.post(
        en("co_order_new"),
        order_fields(product, quantity="12") | {"lines": [line.pk for line in lines]},
    )
    created = ProductionOrder.objects.get(product=product)
    assert set(created.serves.all()) == set(lines)
    again = coordinator_client.get(en("co_order_new"))
    assert not set(again.context["demand"]) & set(lines)  # served lines leave the waiting list


# One order and the 驿站 table -----------------------------------------------------------


def test_handover_then_inspection_through_the_pages(coordinator_client, order, claim):
    response = coordinator_client.post(
        en("co_handover_new", order.pk, claim.pk),
        {f"c{claim.pk}-count": "40", f"c{claim.pk}-seen": "0"},
    )
    handover = Handover.objects.get(claim=claim)
    assert response.url == en("co_inspect", order.pk, handover.pk)

    reason = loose_knot(order)
    response = coordinator_client.post(
        en("co_inspect", order.pk, handover.pk),
        {"accepted": "38", f"reason_{reason.pk}": "2", "note": "两个结松了"},
        follow=True,
    )
    assert response.status_code == 200
    assert LedgerEntry.objects.get().amount == Decimal("133.00")
    page = coordinator_client.get(en("co_order", order.pk)).content.decode()
    assert "¥133.00" in page
    assert "Loose knot 2" in page


def test_a_double_submitted_handover_is_recorded_once(coordinator_client, order, claim):
    data = {f"c{claim.pk}-count": "10", f"c{claim.pk}-seen": "0"}
    coordinator_client.post(en("co_handover_new", order.pk, claim.pk), data)
    again = coordinator_client.post(en("co_handover_new", order.pk, claim.pk), data)
    assert again.status_code == 409
    assert "since this page was opened" in again.content.decode()
    assert Handover.objects.count() == 1


@pytest.mark.parametrize("count", ["0", "-5", "41", "1000000000", "ten", ""])
def test_bad_handovers_change_nothing(coordinator_client, order, claim, count):
    response = coordinator_client.post(
        en("co_handover_new", order.pk, claim.pk), {f"c{claim.pk}-count": count}
    )
    assert response.status_code in (400, 409)
    assert response.context["claims"][0].form.errors
    assert not Handover.objects.exists()
    assert fresh(claim).pending == 0


@pytest.mark.parametrize(
    ("accepted", "rejected"), [("38", "1"), ("41", "0"), ("-1", "41"), ("x", "0")]
)
def test_an_inspection_that_does_not_add_up_changes_nothing(
    coordinator_client, order, claim, accepted, rejected
):
    handover = handover_record(claim=claim, count=40, actor=None)
    reason = loose_knot(order)
    response = coordinator_client.post(
        en("co_inspect", order.pk, handover.pk),
        {"accepted": accepted, f"reason_{reason.pk}": rejected},
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists() and not LedgerEntry.objects.exists()


def test_a_double_submitted_inspection_earns_once(coordinator_client, order, claim):
    handover = handover_record(claim=claim, count=40, actor=None)
    for _ in range(2):
        coordinator_client.post(en("co_inspect", order.pk, handover.pk), {"accepted": "40"})
    assert LedgerEntry.objects.count() == 1
    page = coordinator_client.get(en("co_inspect", order.pk, handover.pk)).content.decode()
    assert "Already inspected" in page


def test_a_correction_needs_a_reason_and_is_recorded_beside_the_result(
    coordinator_client, order, claim
):
    handover = handover_record(claim=claim, count=40, actor=None)
    first = inspection_record(handover=handover, accepted=40, rejections={}, actor=None)
    reason = loose_knot(order)
    url = en("co_correct", order.pk, first.pk)

    silent = coordinator_client.post(url, {"accepted": "39", f"reason_{reason.pk}": "1"})
    assert silent.status_code == 400
    assert "Say why" in silent.content.decode()

    coordinator_client.post(
        url, {"accepted": "39", f"reason_{reason.pk}": "1", "note": "复查发现松结"}
    )
    assert Inspection.objects.count() == 2
    assert fresh(first).accepted == 40
    assert sum(e.amount for e in LedgerEntry.objects.all()) == Decimal("136.50")


def test_order_actions(coordinator_client, order, claim):
    coordinator_client.post(en("co_order_action", order.pk, "start"))
    assert fresh(order).status == OrderStatus.IN_PRODUCTION
    coordinator_client.post(en("co_order_action", order.pk, "cancel"))
    assert fresh(order).status == OrderStatus.CANCELLED
    assert fresh(claim).quantity == 0
    response = coordinator_client.post(en("co_order_action", order.pk, "publish"), follow=True)
    assert "cannot change" in " ".join(said(response))
    assert fresh(order).status == OrderStatus.CANCELLED


def test_closing_a_request_window_early_shares_it_out(coordinator_client, order):
    from orders.production.services.requests import request_set

    ProductionOrder.objects.filter(pk=order.pk).update(
        mode=OrderMode.REQUEST_WINDOW,
        window_closes_at=timezone.now() + datetime.timedelta(hours=3),
    )
    order = fresh(order)
    asks = [60, 60]
    mothers = [mother_for(order) for _ in asks]
    for mother, ask in zip(mothers, asks, strict=True):
        request_set(order=order, mother=mother, quantity=ask)
    coordinator_client.post(en("co_order_action", order.pk, "close-window"))
    assert sorted(Claim.objects.filter(order=order).values_list("quantity", flat=True)) == [50, 50]


# Who may see and do what ---------------------------------------------------------------


def _all_urls(order, claim, handover, inspection):
    return [
        ("get", en("co_order", order.pk)),
        ("post", en("co_order_action", order.pk, "cancel")),
        ("post", en("co_handover_new", order.pk, claim.pk)),
        ("get", en("co_inspect", order.pk, handover.pk)),
        ("post", en("co_inspect", order.pk, handover.pk)),
        ("get", en("co_correct", order.pk, inspection.pk)),
        ("post", en("co_correct", order.pk, inspection.pk)),
    ]


def test_another_cooperatives_coordinator_finds_nothing_and_changes_nothing(client, order, claim):
    first = handover_record(claim=claim, count=10, actor=None)
    inspection = inspection_record(handover=first, accepted=10, rejections={}, actor=None)
    pending = handover_record(claim=claim, count=5, actor=None)
    stranger = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(stranger.user)
    data = {"accepted": "5", "note": "x", f"c{claim.pk}-count": "5"}
    for method, url in _all_urls(order, claim, pending, inspection):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert client.get(en("co_orders")).context["orders"].count() == 0
    assert fresh(order).status == OrderStatus.OPEN
    assert Handover.objects.count() == 2 and Inspection.objects.count() == 1


def test_a_mother_is_refused_and_anonymous_visitors_sign_in(client, order, claim):
    handover = handover_record(claim=claim, count=10, actor=None)
    inspection = inspection_record(handover=handover, accepted=10, rejections={}, actor=None)
    for method, url in _all_urls(order, claim, handover, inspection):
        assert getattr(client, method)(url).status_code == 302, url
    client.force_login(claim.mother.user)
    for method, url in _all_urls(order, claim, handover, inspection):
        assert getattr(client, method)(url).status_code == 403, url
    assert LedgerEntry.objects.count() == 1


def test_a_handover_or_inspection_of_another_order_is_not_found(coordinator_client, order, claim):
    other = ProductionOrderFactory(cooperative=order.cooperative, product=order.product)
    handover = handover_record(claim=claim, count=10, actor=None)
    assert coordinator_client.get(en("co_inspect", other.pk, handover.pk)).status_code == 404
    assert coordinator_client.get(en("co_inspect", order.pk, 2**31 + 5)).status_code == 404
    assert coordinator_client.get(en("co_order", 10**12)).status_code == 404


# Query counts --------------------------------------------------------------------------


def _with_claims(order, count: int) -> None:
    reason = loose_knot(order)
    for _ in range(count):
        claim = claim_set(order=order, mother=mother_for(order), quantity=5)
        handover = handover_record(claim=claim, count=3, actor=None)
        inspection_record(handover=handover, accepted=2, rejections={reason.pk: 1}, actor=None)
        handover_record(claim=claim, count=1, actor=None)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_order_page_query_count_does_not_grow_with_claims(
    coordinator_client, order, django_assert_max_num_queries
):
    order.photo = make_image()
    order.save()
    _with_claims(order, 2)
    few = _queries(coordinator_client, en("co_order", order.pk))
    _with_claims(order, 15)
    with django_assert_max_num_queries(few):
        coordinator_client.get(en("co_order", order.pk))
    assert few <= 20, few


def test_the_order_list_query_count_does_not_grow_with_orders(
    coordinator_client, order, django_assert_max_num_queries
):
    few = _queries(coordinator_client, en("co_orders"))
    for _ in range(10):
        ProductionOrderFactory(cooperative=order.cooperative, product=order.product)
    with django_assert_max_num_queries(few):
        coordinator_client.get(en("co_orders"))


def test_the_cooperative_keeps_its_own_reasons(coordinator_client, order, claim):
    url = en("co_reasons")
    coordinator_client.post(url, {"name": "流苏不齐", "name_en": "Uneven tassel"})
    added = RejectionReason.objects.get(cooperative=order.cooperative, name="流苏不齐")
    duplicate = coordinator_client.post(url, {"name": "流苏不齐"})
    assert duplicate.status_code == 400
    assert "already has this reason" in duplicate.content.decode()
    assert coordinator_client.post(url, {"name": ""}).status_code == 400

    handover = handover_record(claim=claim, count=3, actor=None)
    form = coordinator_client.get(en("co_inspect", order.pk, handover.pk)).content.decode()
    assert "Uneven tassel" in form

    coordinator_client.post(url, {"toggle": added.pk})
    assert not fresh(added).is_active
    form = coordinator_client.get(en("co_inspect", order.pk, handover.pk)).content.decode()
    assert "Uneven tassel" not in form

    foreign = RejectionReason.objects.exclude(cooperative=order.cooperative).first()
    if foreign is None:
        foreign = loose_knot(ProductionOrderFactory())
    assert coordinator_client.post(url, {"toggle": foreign.pk}).status_code == 404
    assert fresh(foreign).is_active
