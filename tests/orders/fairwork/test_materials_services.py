"""Materials stock and kits: what is received, issued and returned moves ``on_hand`` exactly,
never below zero, and never beyond what the cooperative or the claim holds."""

from decimal import Decimal

from django.db import IntegrityError, transaction

import pytest

from orders.exceptions import (
    AdjustmentNeedsReason,
    AmountOutOfRange,
    KitNotPossible,
    MaterialNameTaken,
    NotEnoughMaterial,
    NothingToRecord,
    ReturnTooMuch,
    UnknownMaterial,
)
from orders.fairwork.services.materials import (
    kit_default,
    kit_issue,
    kit_return,
    material_create,
    product_material_set,
    still_out,
    stock_adjust,
    stock_receive,
)
from orders.models import Material, MaterialMovement, MovementKind, ProductMaterial
from orders.production.services.claims import claim_set
from tests.factories import CooperativeFactory, ProductFactory
from tests.orders.factories import (
    ClaimFactory,
    HandoverFactory,
    MaterialFactory,
    ProductMaterialFactory,
)
from tests.orders.factories import (
    material_on_hand as on_hand,
)

D = Decimal


@pytest.fixture
def tassels(order):
    """Tassels, 30 on hand; a knot takes 1."""
    material = MaterialFactory(
        cooperative=order.cooperative, name="流苏", unit="pcs", on_hand=D("30")
    )
    ProductMaterialFactory(product=order.product, material=material, per_piece=D("1"))
    return material


# Stock --------------------------------------------------------------------------------------


def test_stock_receive_adds_and_records(cord, coordinator):
    movement = stock_receive(material=cord, amount=D("25.5"), actor=coordinator.user, note="A")

    assert on_hand(cord) == D("125.5")
    assert (movement.kind, movement.change) == (MovementKind.RECEIVED, D("25.5"))


def test_amounts_are_exact_on_every_database(cooperative):
    # given 0.1 + 0.2 received (0.30000000000000004 as floating point)
    bead = MaterialFactory(cooperative=cooperative)
    stock_receive(material=bead, amount=D("0.1"), actor=None)
    stock_receive(material=bead, amount=D("0.2"), actor=None)

    # when exactly 0.3 is taken away
    stock_adjust(material=bead, change=D("-0.3"), actor=None, reason="counted")

    # then nothing is left, and nothing below it
    assert on_hand(bead) == D("0")


def test_stock_adjust_needs_a_reason_and_never_goes_below_zero(cord):
    with pytest.raises(AdjustmentNeedsReason):
        stock_adjust(material=cord, change=D("-1"), actor=None, reason="  ")
    with pytest.raises(NotEnoughMaterial):
        stock_adjust(material=cord, change=D("-100.001"), actor=None, reason="lost")

    stock_adjust(material=cord, change=D("-100"), actor=None, reason="water damage")

    assert on_hand(cord) == 0
    assert MaterialMovement.objects.filter(material=cord).count() == 1


@pytest.mark.parametrize(
    "amount", [D("-1"), D("0.0001"), D("1000000"), D("NaN"), D("Infinity"), 3.5, "2"]
)
def test_bad_amounts_are_refused_and_change_nothing(cord, amount):
    with pytest.raises(AmountOutOfRange):
        stock_receive(material=cord, amount=amount, actor=None)

    assert on_hand(cord) == D("100")
    assert not MaterialMovement.objects.exists()


def test_nothing_received_is_nothing_to_record(cord):
    with pytest.raises(NothingToRecord):
        stock_receive(material=cord, amount=D("0"), actor=None)


def test_the_database_refuses_stock_below_zero(cord):
    with pytest.raises(IntegrityError), transaction.atomic():
        Material.objects.filter(pk=cord.pk).update(on_hand=D("-0.001"))


def test_a_material_name_is_once_per_cooperative(cooperative):
    material_create(cooperative=cooperative, name="珠子", unit="pcs")

    with pytest.raises(MaterialNameTaken):
        material_create(cooperative=cooperative, name="珠子", unit="g")
    material_create(cooperative=CooperativeFactory(), name="珠子", unit="pcs")


def test_product_material_set_changes_and_removes(cord, order):
    product_material_set(product=order.product, material=cord, per_piece=D("2.5"))
    assert ProductMaterial.objects.get(product=order.product, material=cord).per_piece == D("2.5")

    product_material_set(product=order.product, material=cord, per_piece=D("0"))
    assert not ProductMaterial.objects.filter(product=order.product, material=cord).exists()


def test_product_material_must_be_the_products_cooperatives(cord):
    with pytest.raises(UnknownMaterial):
        product_material_set(product=ProductFactory(), material=cord, per_piece=D("1"))


# Kits -----------------------------------------------------------------------------------------


def test_the_kit_offered_is_claimed_pieces_times_the_list(order, cord, tassels):
    claim = ClaimFactory(order=order, quantity=12)

    assert kit_default(claim) == {cord.pk: D("24"), tassels.pk: D("12")}


def test_kit_issue_takes_from_stock(order, cord, tassels, coordinator):
    claim = ClaimFactory(order=order, quantity=12)

    kit_issue(claim=claim, amounts={cord.pk: D("24.5"), tassels.pk: D("12")}, actor=None)

    assert (on_hand(cord), on_hand(tassels)) == (D("75.5"), D("18"))
    assert still_out(claim_pk=claim.pk) == {cord.pk: D("24.5"), tassels.pk: D("12")}


def test_kit_issue_beyond_stock_moves_nothing(order, cord, tassels):
    claim = ClaimFactory(order=order, quantity=40)

    with pytest.raises(NotEnoughMaterial) as refused:
        kit_issue(claim=claim, amounts={cord.pk: D("80"), tassels.pk: D("40")}, actor=None)

    assert "30" in refused.value.message
    assert (on_hand(cord), on_hand(tassels)) == (D("100"), D("30"))
    assert not MaterialMovement.objects.exists()


def test_kit_issue_refuses_another_cooperatives_material(order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    theirs = MaterialFactory(on_hand=D("50"))

    with pytest.raises(UnknownMaterial):
        kit_issue(claim=claim, amounts={cord.pk: D("1"), theirs.pk: D("1")}, actor=None)

    assert on_hand(theirs) == D("50")
    assert not MaterialMovement.objects.exists()


def test_kit_issue_only_for_an_active_claim(order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    claim = claim_set(order=order, mother=claim.mother, quantity=0)

    with pytest.raises(KitNotPossible):
        kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)


def test_kit_issue_of_nothing_is_refused(order, cord):
    claim = ClaimFactory(order=order, quantity=5)

    with pytest.raises(NothingToRecord):
        kit_issue(claim=claim, amounts={cord.pk: D("0")}, actor=None)


def test_kit_return_brings_stock_back_with_the_handover(order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    handover = HandoverFactory(claim=claim, count=4)

    (movement,) = kit_return(
        claim=claim, amounts={cord.pk: D("1.5")}, actor=None, handover=handover
    )

    assert movement.handover == handover
    assert on_hand(cord) == D("91.5")
    assert still_out(claim_pk=claim.pk) == {cord.pk: D("8.5")}


def test_kit_return_never_more_than_is_out_with_her(order, cord, tassels):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)

    with pytest.raises(ReturnTooMuch):
        kit_return(claim=claim, amounts={cord.pk: D("10.001")}, actor=None)
    with pytest.raises(ReturnTooMuch):
        kit_return(claim=claim, amounts={tassels.pk: D("1")}, actor=None)

    assert on_hand(cord) == D("90")


def test_kit_return_refuses_another_claims_handover(order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    other = HandoverFactory(claim=ClaimFactory(order=order, quantity=3))

    with pytest.raises(KitNotPossible):
        kit_return(claim=claim, amounts={cord.pk: D("1")}, actor=None, handover=other)


def test_movements_are_never_edited(order, cord):
    stock_receive(material=cord, amount=D("1"), actor=None)

    with pytest.raises(TypeError):
        MaterialMovement.objects.update(note="x")
    with pytest.raises(TypeError):
        MaterialMovement.objects.all().delete()
