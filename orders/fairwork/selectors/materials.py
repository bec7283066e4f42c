"""Reads of materials: a cooperative's stock and lists per piece, what went out with each
claim and came back, and the tables the exports write.

What a claim "used" is the standard: the pieces she handed over (accepted, awaiting
inspection or rejected — a rejected piece took its materials too) × the product's amount per
piece. What went out, less what came back, less that, is what is unaccounted for: shown on the
order once the claim is finished, never taken from her pay.

Each read takes the same number of queries however many claims or materials it covers.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum

from marketplace.models import Cooperative, Product
from orders.dates import DateRange
from orders.models import (
    Claim,
    ClaimStatus,
    Material,
    MaterialMovement,
    MovementKind,
    OrderStatus,
    ProductionOrder,
    ProductMaterial,
)

ZERO = Decimal("0.000")
FINISHED_CLAIMS = (ClaimStatus.DONE, ClaimStatus.RELEASED)
FINISHED_ORDERS = (OrderStatus.COMPLETED, OrderStatus.CANCELLED)


def materials_of(cooperative: Cooperative) -> QuerySet:
    return Material.objects.filter(cooperative=cooperative).order_by("name", "pk")


def products_with_materials(cooperative: Cooperative) -> QuerySet:
    """The cooperative's products, each with ``materials_per_piece`` (and their material)."""
    uses = ProductMaterial.objects.select_related("material").order_by("material__name", "pk")
    return (
        Product.objects.filter(cooperative=cooperative)
        .prefetch_related(Prefetch("materials_per_piece", queryset=uses))
        .order_by("name", "pk")
    )


# Kits ------------------------------------------------------------------------------------


@dataclass
class KitLine:
    """One material of one claim's kit (or of an order's, summed over its claims)."""

    material: Material
    out: Decimal = ZERO
    back: Decimal = ZERO
    used: Decimal = ZERO

    @property
    def still_out(self) -> Decimal:
        return self.out - self.back

    @property
    def unaccounted(self) -> Decimal:
        """Positive: more went out than her pieces took and came back; negative: her pieces
        took more than went out (the standard amount may be too small)."""
        return self.out - self.back - self.used


@dataclass
class ClaimKit:
    claim: Claim
    lines: list[KitLine]
    finished: bool

    @property
    def shortfall(self) -> list[KitLine]:
        """Of a finished claim: what went out and neither came back nor went into pieces."""
        return [line for line in self.lines if self.finished and line.unaccounted > 0]

    @property
    def issued(self) -> bool:
        return any(line.out for line in self.lines)


@dataclass
class OrderKits:
    kits: list[ClaimKit]
    totals: list[KitLine] = field(default_factory=list)

    @property
    def shortfall(self) -> list[KitLine]:
        return [line for line in self.totals if line.unaccounted > 0]


def handed_pieces(claim: Claim) -> int:
    return claim.accepted + claim.pending + claim.rejected


def claim_kits(claims: list[Claim]) -> list[ClaimKit]:
    """The kit of each claim (each with ``order`` loaded): three queries for any number."""
    if not claims:
        return []
    flows = _flows(Q(claim__in=[c.pk for c in claims]))
    uses = defaultdict(dict)
    for use in ProductMaterial.objects.filter(
        product_id__in={c.order.product_id for c in claims}
    ).select_related("material"):
        uses[use.product_id][use.material_id] = use
    wanted = {pk for _claim, pk in flows} - {
        pk for by_material in uses.values() for pk in by_material
    }
    extra = Material.objects.in_bulk(wanted) if wanted else {}
    return [_claim_kit(claim, flows, uses[claim.order.product_id], extra) for claim in claims]


def _flows(condition: Q) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """(claim pk, material pk) → (issued, returned), both positive."""
    rows = (
        MaterialMovement.objects.filter(condition)
        .values("claim_id", "material_id")
        .annotate(
            issued=Sum("change", filter=Q(kind=MovementKind.ISSUED)),
            returned=Sum("change", filter=Q(kind=MovementKind.RETURNED)),
        )
        .order_by()
    )
    return {
        (row["claim_id"], row["material_id"]): (-(row["issued"] or ZERO), row["returned"] or ZERO)
        for row in rows
    }


def _claim_kit(claim: Claim, flows, uses: dict, extra: dict) -> ClaimKit:
    materials = {pk: use.material for pk, use in uses.items()}
    materials |= {pk: extra[pk] for (c, pk) in flows if c == claim.pk and pk in extra}
    lines = []
    for pk, material in sorted(materials.items(), key=lambda item: (item[1].name, item[0])):
        out, back = flows.get((claim.pk, pk), (ZERO, ZERO))
        per_piece = uses[pk].per_piece if pk in uses else ZERO
        lines.append(KitLine(material, out, back, per_piece * handed_pieces(claim)))
    finished = claim.status in FINISHED_CLAIMS or claim.order.status in FINISHED_ORDERS
    return ClaimKit(claim=claim, lines=lines, finished=finished)


def order_kits(order: ProductionOrder) -> OrderKits:
    """Each claim's kit on ``order`` (claims that hold or held pieces), and the totals."""
    claims = list(
        Claim.objects.filter(order=order)
        .exclude(status=ClaimStatus.REQUESTED)
        .select_related("mother__user", "order")
        .order_by("pk")
    )
    kits = [kit for kit in claim_kits(claims) if kit.lines and (kit.issued or kit.claim.quantity)]
    totals: dict[int, KitLine] = {}
    for kit in kits:
        for line in kit.lines:
            total = totals.setdefault(line.material.pk, KitLine(line.material))
            total.out += line.out
            total.back += line.back
            total.used += line.used
    ordered = sorted(totals.values(), key=lambda line: (line.material.name, line.material.pk))
    return OrderKits(kits=kits, totals=ordered)


# Exports ---------------------------------------------------------------------------------


def _issued_returned() -> dict:
    return {
        "issued": Sum("change", filter=Q(kind=MovementKind.ISSUED)),
        "returned": Sum("change", filter=Q(kind=MovementKind.RETURNED)),
    }


def flows_by_mother(*, cooperative: Cooperative, rng: DateRange) -> QuerySet:
    """Per mother and material: what was issued to her and returned by her in ``rng``."""
    return (
        MaterialMovement.objects.filter(rng.q("recorded_at"), material__cooperative=cooperative)
        .exclude(claim=None)
        .values(
            "claim__mother_id",
            "claim__mother__user__first_name",
            "claim__mother__user__last_name",
            "claim__mother__user__username",
            "material__name",
            "material__name_en",
            "material__unit",
        )
        .annotate(**_issued_returned())
        .order_by("claim__mother__user__username", "claim__mother_id", "material__name")
    )


def flows_by_order(*, cooperative: Cooperative, rng: DateRange) -> QuerySet:
    """Per production order and material: what was issued with it and returned in ``rng``."""
    return (
        MaterialMovement.objects.filter(rng.q("recorded_at"), material__cooperative=cooperative)
        .exclude(claim=None)
        .values(
            "claim__order_id",
            "claim__order__product__name",
            "claim__order__product__name_en",
            "material__name",
            "material__name_en",
            "material__unit",
        )
        .annotate(**_issued_returned())
        .order_by("claim__order_id", "material__name")
    )
