"""A cooperative's materials: the list per piece of a product, stock received and adjusted,
the kit issued with a claim and what comes back with her handovers.

Stock never goes below zero, however many coordinators issue at once: each step locks the
materials it moves (after the claim's order and the claim, in the site's one lock order,
marketplace/locks.py), checks what is on hand, then moves ``on_hand`` and records the movement
in the same transaction; the CheckConstraint ``material_never_below_zero`` stands behind it.

What goes out with a claim and does not come back is only ever shown: nothing here touches
her pay. A deduction would be an adjustment with a reason on her ledger, made by a person.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from marketplace.locks import atomic_with_retry
from marketplace.models import Cooperative, Product
from orders.amounts import LARGEST_AMOUNT, THOUSANDTH, amount_value
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
from orders.locks import claim_lock, materials_lock
from orders.models import (
    Claim,
    ClaimStatus,
    Handover,
    Material,
    MaterialMovement,
    MovementKind,
    ProductMaterial,
)

ZERO = Decimal("0.000")


def amount_checked(amount, *, allow_negative: bool = False) -> Decimal:
    """``amount`` as a Decimal of at most three places within the largest amount, or raises."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise AmountOutOfRange
    if amount != amount.quantize(THOUSANDTH) or abs(amount) > LARGEST_AMOUNT:
        raise AmountOutOfRange
    if amount < 0 and not allow_negative:
        raise AmountOutOfRange
    return amount


def _amounts_checked(amounts: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """The non-zero amounts by material pk; raises if any is bad or none is left."""
    checked = {pk: amount_checked(amount) for pk, amount in amounts.items()}
    checked = {pk: amount for pk, amount in checked.items() if amount}
    if not checked:
        raise NothingToRecord
    return checked


# The catalogue ---------------------------------------------------------------------------


def material_create(
    *,
    cooperative: Cooperative,
    name: str,
    unit: str,
    name_en: str = "",
    low_stock: Decimal = ZERO,
) -> Material:
    amount_checked(low_stock)
    try:
        with transaction.atomic():
            return Material.objects.create(
                cooperative=cooperative, name=name, name_en=name_en, unit=unit, low_stock=low_stock
            )
    except IntegrityError:
        raise MaterialNameTaken from None


def product_material_set(
    *, product: Product, material: Material, per_piece: Decimal
) -> ProductMaterial | None:
    """One piece of ``product`` takes ``per_piece`` of ``material``; 0 takes it off the list."""
    if material.cooperative_id != product.cooperative_id:
        raise UnknownMaterial
    if not amount_checked(per_piece):
        ProductMaterial.objects.filter(product=product, material=material).delete()
        return None
    used, _created = ProductMaterial.objects.update_or_create(
        product=product, material=material, defaults={"per_piece": per_piece}
    )
    return used


# Stock -----------------------------------------------------------------------------------


def _move(
    material: Material, *, kind: str, change: Decimal, actor, claim=None, handover=None, note=""
) -> MaterialMovement:
    """Move the locked ``material``'s stock by ``change`` and record why."""
    Material.objects.filter(pk=material.pk).update(on_hand=F("on_hand") + amount_value(change))
    material.on_hand += change
    return MaterialMovement.objects.create(
        material=material,
        kind=kind,
        change=change,
        claim=claim,
        handover=handover,
        note=note,
        recorded_by=actor,
    )


@atomic_with_retry
def stock_receive(
    *, material: Material, amount: Decimal, actor, note: str = ""
) -> MaterialMovement:
    """``amount`` of ``material`` came into the cooperative's store."""
    if not amount_checked(amount):
        raise NothingToRecord
    (locked,) = materials_lock([material.pk], cooperative_id=material.cooperative_id)
    return _move(locked, kind=MovementKind.RECEIVED, change=amount, actor=actor, note=note)


@atomic_with_retry
def stock_adjust(*, material: Material, change: Decimal, actor, reason: str) -> MaterialMovement:
    """Correct the stock by ``change`` (a count, a loss, a mistake), with the ``reason``."""
    if not amount_checked(change, allow_negative=True):
        raise NothingToRecord
    if not reason.strip():
        raise AdjustmentNeedsReason
    (locked,) = materials_lock([material.pk], cooperative_id=material.cooperative_id)
    if locked.on_hand + change < 0:
        raise NotEnoughMaterial(locked)
    return _move(
        locked, kind=MovementKind.ADJUSTED, change=change, actor=actor, note=reason.strip()
    )


# Kits ------------------------------------------------------------------------------------


def kit_default(claim: Claim) -> dict[int, Decimal]:
    """What her claim's pieces take of each material, by material pk: the kit offered."""
    uses = ProductMaterial.objects.filter(product_id=claim.order.product_id)
    return {use.material_id: use.per_piece * claim.quantity for use in uses}


@atomic_with_retry
def kit_issue(
    *, claim: Claim, amounts: Mapping[int, Decimal], actor, note: str = ""
) -> list[MaterialMovement]:
    """Hand her ``amounts`` (material pk → amount) for ``claim``, taken from the stock."""
    amounts = _amounts_checked(amounts)
    order, locked_claim = claim_lock(claim.pk)
    if locked_claim.status != ClaimStatus.ACTIVE:
        raise KitNotPossible
    materials = _locked(amounts, cooperative_id=order.cooperative_id)
    for material in materials:
        if material.on_hand < amounts[material.pk]:
            raise NotEnoughMaterial(material)
    issued = MovementKind.ISSUED
    return [
        _move(m, kind=issued, change=-amounts[m.pk], actor=actor, claim=claim, note=note)
        for m in materials
    ]


@atomic_with_retry
def kit_return(
    *,
    claim: Claim,
    amounts: Mapping[int, Decimal],
    actor,
    handover: Handover | None = None,
    note: str = "",
) -> list[MaterialMovement]:
    """She brings back ``amounts`` (leftovers) of what went out with ``claim``, with
    ``handover`` when it came back with one; never more than is still out with her."""
    amounts = _amounts_checked(amounts)
    order, _locked_claim = claim_lock(claim.pk)
    if handover is not None and handover.claim_id != claim.pk:
        raise KitNotPossible
    materials = _locked(amounts, cooperative_id=order.cooperative_id)
    out = still_out(claim_pk=claim.pk)
    for material in materials:
        if amounts[material.pk] > out.get(material.pk, ZERO):
            raise ReturnTooMuch(material, out.get(material.pk, ZERO))
    return [
        _move(
            m,
            kind=MovementKind.RETURNED,
            change=amounts[m.pk],
            actor=actor,
            claim=claim,
            handover=handover,
            note=note,
        )
        for m in materials
    ]


def _locked(amounts: Mapping[int, Decimal], *, cooperative_id: int) -> list[Material]:
    materials = materials_lock(amounts, cooperative_id=cooperative_id)
    if len(materials) != len(amounts):
        raise UnknownMaterial
    return materials


def still_out(*, claim_pk: int) -> dict[int, Decimal]:
    """What went out with the claim and has not come back, by material pk."""
    rows = (
        MaterialMovement.objects.filter(claim_id=claim_pk)
        .values("material_id")
        .annotate(net=Sum("change"))
    )
    return {row["material_id"]: -row["net"] for row in rows}
