"""The demo marketplace of Laixi's 水集街道: categories, cooperatives, products, people
(``people``) and a few weeks of purchases (``purchases``).

The content is data: ``data/catalogue.toml``, ``data/people.toml`` and ``data/purchases.toml``,
each with its schema in its header. Everything is created if missing and left alone if present
(keyed on slug, SKU, username or, for purchases, the "演示订单 NN：" that starts their note), so
``seed_demo`` can run again on a database people have already been clicking around in: stock
sold, prices edited and passwords changed all survive a rerun.
"""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.demo.datafiles import datafile_load
from marketplace.demo.people import (
    ADMIN_PASSWORD,
    BUYER_PASSWORD,
    COORDINATOR_PASSWORD,
    COORDINATORS,
    DEMO_LOGINS,
    MOTHER_PASSWORD,
    MOTHERS,
    people_ensure,
    user_ensure,
)
from marketplace.demo.purchases import DEMO_PURCHASE_MARK, PURCHASES, seed_purchases
from marketplace.demo.regions import regions_ensure
from marketplace.models import Category, Cooperative, Fulfilment, Product

__all__ = [
    "ADMIN_PASSWORD",
    "BUYER_PASSWORD",
    "CATEGORIES",
    "COOPERATIVES",
    "COORDINATORS",
    "COORDINATOR_PASSWORD",
    "DEMO_LOGINS",
    "DEMO_PURCHASE_MARK",
    "MOTHERS",
    "MOTHER_PASSWORD",
    "PRODUCTS",
    "PURCHASES",
    "seed_marketplace",
    "seed_purchases",
    "user_ensure",
]

_catalogue = datafile_load(__file__, "catalogue")
CATEGORIES: list[dict] = _catalogue["categories"]
COOPERATIVES: dict[str, dict] = _catalogue["cooperatives"]


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    cooperative: str
    category: str
    name: str
    name_en: str
    price: str
    stock: int = 0
    lead_time_days: int = 0
    max_per_order: int = 50

    @property
    def fulfilment(self) -> str:
        """Products with a lead time are made to order; the rest are sold from stock."""
        return Fulfilment.MADE_TO_ORDER if self.lead_time_days else Fulfilment.IN_STOCK


PRODUCTS = [ProductSpec(sku=sku, **row) for sku, row in _catalogue["products"].items()]


def seed_marketplace(stdout=None) -> dict:
    """Create whatever of the demo marketplace is missing; return handles to all of it.

    Returns ``{"categories": {slug: Category}, "cooperatives": {slug: Cooperative},
    "products": {sku: Product}, "users": {username: User}}``. Writes one line per kind of
    object to ``stdout`` (a management command's output wrapper) if given.
    """
    categories = {row["slug"]: category_ensure(**row) for row in CATEGORIES}
    cooperatives = {
        slug: cooperative_ensure(slug=slug, **row) for slug, row in COOPERATIVES.items()
    }
    products = {
        spec.sku: product_ensure(spec=spec, cooperatives=cooperatives, categories=categories)
        for spec in PRODUCTS
    }
    users = people_ensure(cooperatives=cooperatives)
    regions_ensure(cooperatives=cooperatives)
    if stdout is not None:
        stdout.write(
            f"marketplace: {len(categories)} categories, {len(cooperatives)} cooperatives, "
            f"{len(products)} products, {len(users)} users"
        )
    return {
        "categories": categories,
        "cooperatives": cooperatives,
        "products": products,
        "users": users,
    }


def category_ensure(*, slug: str, name: str, name_en: str) -> Category:
    sort_order = [row["slug"] for row in CATEGORIES].index(slug)
    category, _ = Category.objects.get_or_create(
        slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": sort_order}
    )
    return category


def cooperative_ensure(*, slug: str, **fields) -> Cooperative:
    cooperative, _ = Cooperative.objects.get_or_create(slug=slug, defaults=fields)
    return cooperative


def product_ensure(*, spec: ProductSpec, cooperatives: dict, categories: dict) -> Product:
    product, _ = Product.objects.get_or_create(
        sku=spec.sku,
        defaults={
            "cooperative": cooperatives[spec.cooperative],
            "category": categories[spec.category],
            "name": spec.name,
            "name_en": spec.name_en,
            "price": Decimal(spec.price),
            "fulfilment": spec.fulfilment,
            "stock": spec.stock,
            "lead_time_days": spec.lead_time_days,
            "max_per_order": spec.max_per_order,
        },
    )
    return product
