"""Crafted input to the coordinator's pages gets a form error, never a 500.

Ids of 40 digits in every choice of rows (skills, cooperative, product, purchase lines), and
a truncated PNG as the photo of an order's model piece or of an inspection; on SQLite and
PostgreSQL (make test runs both). Pages are read in English.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from marketplace.models import Membership
from orders.models import Inspection, LedgerEntry, MemberSkill, ProductionOrder
from orders.production.services.handovers import handover_record
from tests.factories import truncated_png
from tests.orders.factories import SkillFactory
from tests.orders.production.helpers import order_fields
from tests.pages import en

pytestmark = pytest.mark.django_db

HUGE = "9" * 40
BROKEN = "not a whole image"


def snapshot() -> tuple:
    return (
        list(Membership.objects.order_by("pk").values_list("user_id", "cooperative_id", "role")),
        list(MemberSkill.objects.order_by("pk").values_list("membership_id", "skill_id")),
    )


# Ids out of any column's range ---------------------------------------------------------


@pytest.mark.parametrize("skills", [[HUGE], ["-" + HUGE], ["1", HUGE]])
def test_a_huge_skill_id_when_registering_is_a_form_error(coordinator_client, order, skills):
    before = snapshot()

    response = coordinator_client.post(
        en("co_member_new"),
        {
            "cooperative": order.cooperative.pk,
            "name": "李娜",
            "phone": "13900000002",
            "skills": skills,
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["skills"]
    assert snapshot() == before


def test_a_huge_skill_id_when_editing_is_a_form_error(coordinator_client, mother):
    knot = SkillFactory()
    before = snapshot()

    response = coordinator_client.post(
        en("co_member", mother.pk), {"name": "王秀兰", "skills": [knot.pk, HUGE]}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["skills"]
    assert snapshot() == before


def test_a_huge_cooperative_id_when_registering_is_a_form_error(coordinator_client, order):
    before = snapshot()

    response = coordinator_client.post(
        en("co_member_new"), {"cooperative": HUGE, "name": "李娜", "phone": "13900000002"}
    )

    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("field", ["product", "required_skill"])
def test_a_huge_id_in_a_new_order_is_a_form_error(coordinator_client, order, field):
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {field: HUGE}
    )

    assert response.status_code == 400
    assert ProductionOrder.objects.count() == 1


def test_huge_purchase_line_ids_in_a_new_order_are_ignored(coordinator_client, order):
    assert (
        coordinator_client.get(en("co_order_new"), {"lines": [HUGE, "-1", "x"]}).status_code == 200
    )
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {"lines": HUGE}
    )
    assert response.status_code == 302


def test_a_huge_cooperative_id_in_a_payout_preview_is_refused(coordinator_client, order):
    response = coordinator_client.get(
        en("co_payout_preview"), {"cooperative": HUGE, "cutoff": "2026-01-31"}
    )
    assert response.status_code == 400


# Broken photos ---------------------------------------------------------------------------


def broken_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("knot.png", truncated_png(), content_type="image/png")


def test_a_truncated_photo_of_the_model_piece_is_a_form_error(coordinator_client, order):
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {"photo_upload": broken_png()}
    )

    assert response.status_code == 400
    assert BROKEN in str(response.context["form"].errors["photo_upload"])
    assert ProductionOrder.objects.count() == 1


def test_a_truncated_inspection_photo_is_a_form_error(coordinator_client, order, claim):
    handover = handover_record(claim=claim, count=40, actor=None)

    response = coordinator_client.post(
        en("co_inspect", order.pk, handover.pk), {"accepted": "40", "photo_upload": broken_png()}
    )

    assert response.status_code == 400
    assert BROKEN in response.content.decode()
    assert not Inspection.objects.exists() and not LedgerEntry.objects.exists()
