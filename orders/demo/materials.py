"""The demo's materials: each cooperative's store, the list per piece of its products, and
the kits handed out with the demo claims (some leftovers brought back with a handover). The
content is data, ``data/materials.toml`` (its schema in its header); created if missing."""

from decimal import Decimal

from marketplace.demo.datafiles import datafile_load
from marketplace.models import Cooperative, Product
from orders.exceptions import MaterialError
from orders.fairwork.services.materials import (
    kit_default,
    kit_issue,
    kit_return,
    stock_receive,
)
from orders.models import Claim, ClaimStatus, Material, ProductMaterial

DATA = datafile_load(__file__, "materials")


def seed_materials(stdout=None) -> int:
    """The stores, the lists and the kits; returns how many kits were issued now."""
    store = {
        (slug, key): _material(slug, row)
        for slug, materials in DATA["store"].items()
        for key, row in materials.items()
    }
    for sku, uses in DATA["per_piece"].items():
        product = Product.objects.get(sku=sku)
        for key, amount in uses.items():
            material = store[(product.cooperative.slug, key)]
            ProductMaterial.objects.get_or_create(
                product=product, material=material, defaults={"per_piece": Decimal(amount)}
            )
    issued = sum(_kit(claim) for claim in _claims())
    if stdout is not None:
        stdout.write(f"materials: {len(store)} in the stores, {issued} kits issued")
    return issued


def _material(slug: str, row: dict) -> Material:
    cooperative = Cooperative.objects.get(slug=slug)
    material, created = Material.objects.get_or_create(
        cooperative=cooperative,
        name=row["name"],
        defaults={
            "name_en": row["name_en"],
            "unit": row["unit"],
            "low_stock": Decimal(row["low_stock"]),
        },
    )
    if created:
        stock_receive(
            material=material, amount=Decimal(row["received"]), actor=None, note="开业入库"
        )
    return material


def _claims():
    return (
        Claim.objects.filter(status=ClaimStatus.ACTIVE, material_movements=None)
        .filter(order__product__materials_per_piece__isnull=False)
        .select_related("order")
        .distinct()
        .order_by("pk")
    )


def _kit(claim: Claim) -> int:
    try:
        kit_issue(claim=claim, amounts=kit_default(claim), actor=None, note="演示")
    except MaterialError:
        return 0  # the store ran short: she waits for the next delivery
    handover = claim.handovers.order_by("-pk").first()
    if handover is not None:
        share = Decimal(DATA["leftover"])
        back = {
            pk: (amount * share).quantize(Decimal("0.001"))
            for pk, amount in kit_default(claim).items()
        }
        kit_return(claim=claim, amounts=back, actor=None, handover=handover)
    return 1
