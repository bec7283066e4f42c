"""The coordinator's materials pages (/co/materials/ and a claim's kit), the materials on the
order page and on her claim page, and the files of what went out and came back.

Who may see what (a mother → 403, another cooperative's claim → 404, another cooperative's
material → not a choice), bad input → a clear message and nothing changed, and pages whose
query count does not grow with claims or materials. Pages are read in English.
"""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from orders.fairwork.services.materials import kit_issue, kit_return
from orders.models import Material, MaterialMovement, MovementKind, ProductMaterial
from tests.factories import CooperativeFactory, coordinator_of
from tests.orders.factories import (
    ClaimFactory,
    HandoverFactory,
    InspectionFactory,
    MaterialFactory,
    ProductMaterialFactory,
    knot_order,
)
from tests.orders.factories import (
    material_on_hand as on_hand,
)
from tests.pages import en, page, said

D = Decimal


# The store -----------------------------------------------------------------------------------


def test_the_store_shows_stock_and_warns_when_low(coordinator_client, cord):
    MaterialFactory(cooperative=cord.cooperative, name_en="Tassel", on_hand=D("3"))

    response = coordinator_client.get(en("co_materials"))

    html = page(response)
    assert response.status_code == 200
    assert "100 m" in html
    assert html.count("Low: order more") == 1


def test_a_mother_may_not_see_the_store(mother_client):
    assert mother_client.get(en("co_materials")).status_code == 403


def test_stock_received(coordinator_client, cord):
    response = coordinator_client.post(
        en("co_materials"),
        {
            "action": "stock",
            "stock-material": cord.pk,
            "stock-kind": "received",
            "stock-amount": "20.5",
        },
        follow=True,
    )

    assert said(response) == ["The stock of Red cord is recorded."]
    assert on_hand(cord) == D("120.5")


@pytest.mark.parametrize(
    ("kind", "amount", "note", "problem"),
    [
        ("received", "abc", "", "Enter a number, like 2 or 2.5."),
        ("received", "0", "", "Enter what came in: more than 0."),
        ("received", "-3", "", "Enter what came in: more than 0."),
        ("received", "1.0001", "", "Use at most three decimals."),
        ("received", "99999999999", "", "That is more than any store holds."),
        ("adjusted", "-3", "", "Say why the stock is adjusted."),
        ("adjusted", "-100.5", "counted", "Only 100 m of Red cord is on hand."),
    ],
)
def test_bad_stock_input_changes_nothing(coordinator_client, cord, kind, amount, note, problem):
    response = coordinator_client.post(
        en("co_materials"),
        {
            "action": "stock",
            "stock-material": cord.pk,
            "stock-kind": kind,
            "stock-amount": amount,
            "stock-note": note,
        },
    )

    assert response.status_code == 400
    assert problem in page(response)
    assert on_hand(cord) == D("100")
    assert not MaterialMovement.objects.exists()


def test_another_cooperatives_material_is_not_a_choice(coordinator_client, cord):
    theirs = MaterialFactory(on_hand=D("5"))

    response = coordinator_client.post(
        en("co_materials"),
        {
            "action": "stock",
            "stock-material": theirs.pk,
            "stock-kind": "received",
            "stock-amount": "1",
        },
    )

    assert response.status_code == 400
    assert on_hand(theirs) == D("5")


def test_a_new_material_and_its_use_per_piece(coordinator_client, order, cooperative):
    coordinator_client.post(
        en("co_materials"),
        {
            "action": "material",
            "new-name": "流苏",
            "new-name_en": "Tassel",
            "new-unit": "pcs",
            "new-low_stock": "20",
        },
    )
    tassel = Material.objects.get(cooperative=cooperative, name="流苏")

    response = coordinator_client.post(
        en("co_materials"),
        {
            "action": "per_piece",
            "use-product": order.product.pk,
            "use-material": tassel.pk,
            "use-per_piece": "1",
        },
        follow=True,
    )

    assert said(response)[-1] == "The materials per piece of Red 8-inch knot are saved."
    assert ProductMaterial.objects.get(product=order.product).per_piece == D("1")


def test_a_material_name_twice_is_refused(coordinator_client, cord):
    response = coordinator_client.post(
        en("co_materials"),
        {"action": "material", "new-name": "红绳", "new-unit": "m", "new-low_stock": "0"},
    )

    assert response.status_code == 400
    assert "already has a material of that name" in page(response)


def test_the_store_page_takes_constant_queries(
    coordinator_client, order, cord, django_assert_max_num_queries
):
    for index in range(6):
        material = MaterialFactory(cooperative=order.cooperative, name=f"珠{index}")
        ProductMaterialFactory(product=order.product, material=material)
        knot_order(order.cooperative)

    with django_assert_max_num_queries(12):
        assert coordinator_client.get(en("co_materials")).status_code == 200


# A claim's kit ---------------------------------------------------------------------------------


def test_the_kit_is_offered_as_claimed_pieces_times_the_list(coordinator_client, order, cord):
    claim = ClaimFactory(order=order, quantity=12)

    response = coordinator_client.get(en("co_kit", claim.pk))

    assert response.status_code == 200
    assert response.context["issue_form"].initial == {f"m{cord.pk}": "24"}


def test_issuing_a_kit(coordinator_client, order, cord):
    claim = ClaimFactory(order=order, quantity=12)

    response = coordinator_client.post(
        en("co_kit", claim.pk),
        {"action": "issue", f"issue-m{cord.pk}": "25", "issue-note": "one spare"},
        follow=True,
    )

    assert said(response) == ["Her kit is recorded as issued."]
    assert on_hand(cord) == D("75")
    assert MaterialMovement.objects.get().note == "one spare"


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("101", "Only 100 m of Red cord is on hand."),
        ("0", "Enter an amount for at least one material."),
        ("-2", "Enter 0 or more."),
        ("NaN", "Enter a number, like 2 or 2.5."),
    ],
)
def test_a_bad_kit_changes_nothing(coordinator_client, order, cord, amount, problem):
    claim = ClaimFactory(order=order, quantity=12)

    response = coordinator_client.post(
        en("co_kit", claim.pk), {"action": "issue", f"issue-m{cord.pk}": amount}
    )

    assert response.status_code == 400
    assert problem in page(response)
    assert on_hand(cord) == D("100")


def test_another_cooperatives_claim_is_not_found(client, order, cord):
    claim = ClaimFactory(order=order, quantity=12)
    client.force_login(coordinator_of(CooperativeFactory()).user)

    assert client.get(en("co_kit", claim.pk)).status_code == 404
    response = client.post(en("co_kit", claim.pk), {"action": "issue", f"issue-m{cord.pk}": "2"})
    assert response.status_code == 404
    assert on_hand(cord) == D("100")


def test_leftovers_come_back_with_the_handover(coordinator_client, order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    handover = HandoverFactory(claim=claim, count=5)
    inspect_page = coordinator_client.get(en("co_inspect", order.pk, handover.pk))
    assert f"?handover={handover.pk}" in page(inspect_page)

    response = coordinator_client.post(
        en("co_kit", claim.pk) + f"?handover={handover.pk}",
        {"action": "back", f"back-m{cord.pk}": "0.5", "handover": handover.pk},
        follow=True,
    )

    assert said(response) == ["What she brought back is recorded."]
    returned = MaterialMovement.objects.get(kind=MovementKind.RETURNED)
    assert (returned.change, returned.handover) == (D("0.5"), handover)


def test_returning_more_than_went_out_is_refused(coordinator_client, order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)

    response = coordinator_client.post(
        en("co_kit", claim.pk), {"action": "back", f"back-m{cord.pk}": "11"}
    )

    assert response.status_code == 400
    assert "Only 10 m of Red cord went out with this claim" in page(response)
    assert on_hand(cord) == D("90")


# The order, her claim ---------------------------------------------------------------------------


def test_the_order_shows_a_shortfall_and_her_pay_is_untouched(coordinator_client, order, cord):
    # given 10 m out for 5 knots (2 m each): 4 handed over, 1 m back, then she lets the 5th go
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    InspectionFactory(handover=HandoverFactory(claim=claim, count=4))
    kit_return(claim=claim, amounts={cord.pk: D("1")}, actor=None)
    earned = claim.mother.ledger_entries.get().amount
    from orders.production.services.claims import claim_set

    claim_set(order=order, mother=claim.mother, quantity=4)

    response = coordinator_client.get(en("co_order", order.pk))

    materials = response.context["materials"]
    (line,) = materials.kits[0].lines
    assert (line.out, line.back, line.used, line.unaccounted) == (D(10), D(1), D(8), D(1))
    assert materials.kits[0].shortfall == [line]
    assert "shortfall" in page(response)
    # shown, never deducted
    assert [e.amount for e in claim.mother.ledger_entries.all()] == [earned]


def test_the_order_page_takes_constant_queries(
    coordinator_client, order, cord, django_assert_max_num_queries
):
    def claims_with_kits(count):
        for _ in range(count):
            claim = ClaimFactory(order=order, quantity=2)
            kit_issue(claim=claim, amounts={cord.pk: D("4")}, actor=None)

    claims_with_kits(1)
    with django_assert_max_num_queries(60) as one:
        coordinator_client.get(en("co_order", order.pk))
    claims_with_kits(5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert coordinator_client.get(en("co_order", order.pk)).status_code == 200


def test_she_sees_what_she_received(client, order, cord, django_assert_max_num_queries):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    kit_return(claim=claim, amounts={cord.pk: D("0.5")}, actor=None)
    client.force_login(claim.mother.user)

    with django_assert_max_num_queries(20):
        response = client.get(en("work_claim", claim.pk))

    html = page(response)
    assert "What I received" in html
    assert "Red cord: received 10 m, brought back 0.5 m" in html
    assert "never taken from your pay" in html


# Files -----------------------------------------------------------------------------------------


def _rows(response, fmt):
    body = response.getvalue()
    if fmt == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_files_per_mother_and_per_order(coordinator_client, order, cord, fmt):
    claim = ClaimFactory(order=order, quantity=5)
    claim.mother.user.first_name = "Wang"
    claim.mother.user.save()
    kit_issue(claim=claim, amounts={cord.pk: D("10")}, actor=None)
    kit_return(claim=claim, amounts={cord.pk: D("1.5")}, actor=None)

    mothers = _rows(coordinator_client.get(en("co_materials_export", "mothers", fmt)), fmt)
    orders = _rows(coordinator_client.get(en("co_materials_export", "orders", fmt)), fmt)

    number = (lambda v: v) if fmt == "csv" else (lambda v: Decimal(str(v)).normalize())
    assert mothers[0] == [
        "Mother",
        "Mobile phone",
        "Material",
        "Unit",
        "Issued",
        "Returned",
        "Still out",
    ]
    assert mothers[1][:4] == ["Wang", claim.mother.user.username, "Red cord", "m"]
    assert [number(v) for v in mothers[1][4:]] == (
        ["10.000", "1.500", "8.500"] if fmt == "csv" else [D(10), D("1.5"), D("8.5")]
    )
    assert orders[1][1:4] == ["Red 8-inch knot", "Red cord", "m"]
    assert str(orders[1][0]) == str(order.pk)


def test_an_unknown_file_is_not_found(coordinator_client):
    assert coordinator_client.get(en("co_materials_export", "secrets", "csv")).status_code == 404


def test_after_a_kit_only_the_top_up_is_offered(coordinator_client, order, cord):
    claim = ClaimFactory(order=order, quantity=5)
    kit_issue(claim=claim, amounts={cord.pk: D("11")}, actor=None)

    assert coordinator_client.get(en("co_kit", claim.pk)).context["issue_form"].initial == {
        f"m{cord.pk}": "0"
    }
    claim = ClaimFactory(order=order, mother=claim.mother, quantity=8)
    response = coordinator_client.get(en("co_kit", claim.pk))
    assert response.context["issue_form"].initial == {f"m{cord.pk}": "5"}


def test_an_order_without_materials_shows_no_materials_section(coordinator_client, order):
    ClaimFactory(order=order, quantity=5)

    response = coordinator_client.get(en("co_order", order.pk))

    assert response.context["materials"].kits == []
    assert 'id="order-materials"' not in page(response)


def test_files_hold_only_her_cooperatives_movements(coordinator_client, order, cord):
    theirs = knot_order(CooperativeFactory())
    their_cord = MaterialFactory(cooperative=theirs.cooperative, on_hand=D("50"))
    kit_issue(
        claim=ClaimFactory(order=theirs, quantity=2), amounts={their_cord.pk: D("4")}, actor=None
    )
    kit_issue(claim=ClaimFactory(order=order, quantity=2), amounts={cord.pk: D("4")}, actor=None)

    asked = en("co_materials_export", "orders", "csv") + f"?cooperative={theirs.cooperative.pk}"
    rows = _rows(coordinator_client.get(asked), "csv")

    assert [row[0] for row in rows[1:]] == [str(order.pk)]


def test_a_mother_may_not_open_a_kit(mother_client, order, cord):
    claim = ClaimFactory(order=order, quantity=2)

    assert mother_client.get(en("co_kit", claim.pk)).status_code == 403
