"""The buyer's cart, kept in her session: product ids, quantities and the price she saw.

Availability is re-checked every time the cart is read, so a stale cart can never become a
purchase without the buyer seeing what changed.
"""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.sessions.backends.base import SessionBase

from marketplace.exceptions import (
    NotEnoughStock,
    PriceChanged,
    ProductUnavailable,
    QuantityOutOfRange,
)
from marketplace.models import Product
from marketplace.money import NO_MONEY

SESSION_KEY = "cart"
CHECKOUT_KEY = "checkout_key"
MAX_LINES = 30


@dataclass
class CartLine:
    product: Product
    quantity: int
    seen_price: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.product.price * self.quantity

    @property
    def most(self) -> int:
        return product_most(self.product)

    @property
    def problem(self) -> str:
        """What stops this line from being bought now, in the buyer's language, or ''."""
        try:
            line_check(product=self.product, quantity=self.quantity, seen_price=self.seen_price)
        except (ProductUnavailable, NotEnoughStock, QuantityOutOfRange, PriceChanged) as error:
            return error.message
        return ""


def product_most(product: Product) -> int:
    """The most pieces one purchase may take: free stock, or the made-to-order limit."""
    if product.is_made_to_order:
        return product.max_per_order
    return min(product.stock, product.max_per_order)


def line_check(*, product: Product, quantity: int, seen_price: Decimal | None = None) -> None:
    """Raises the reason ``quantity`` of ``product`` cannot be bought now."""
    if not product.is_active:
        raise ProductUnavailable(product.display_name)
    if not product.is_made_to_order and quantity > product.stock:
        raise NotEnoughStock(product.display_name, product.stock)
    if not 1 <= quantity <= product.max_per_order:
        raise QuantityOutOfRange(product.display_name, product.max_per_order)
    if seen_price is not None and seen_price != product.price:
        raise PriceChanged(product.display_name, seen_price, product.price)


class Cart:
    """``{product_id: {"quantity": n, "price": "38.00"}}`` in the session."""

    def __init__(self, session: SessionBase):
        self.session = session
        self.items: dict[str, dict] = dict(session.get(SESSION_KEY, {}))

    def __len__(self) -> int:
        return sum(item["quantity"] for item in self.items.values())

    def add(self, *, product: Product, quantity: int) -> None:
        current = self.items.get(str(product.pk), {}).get("quantity", 0)
        self.set(product=product, quantity=current + quantity)

    def set(self, *, product: Product, quantity: int) -> None:
        line_check(product=product, quantity=quantity)
        if str(product.pk) not in self.items and len(self.items) >= MAX_LINES:
            raise QuantityOutOfRange(product.display_name, 0)
        self.items[str(product.pk)] = {"quantity": quantity, "price": str(product.price)}
        self._save()

    def remove(self, *, product_id: int) -> None:
        self.items.pop(str(product_id), None)
        self._save()

    def accept_prices(self) -> None:
        """The buyer has seen the current prices: remember them as the ones she agreed to."""
        for line in self.lines():
            self.items[str(line.product.pk)]["price"] = str(line.product.price)
        self._save()

    def clear(self) -> None:
        self.items = {}
        self._save()

    def checkout_key(self) -> str:
        """The one-time key of this cart's checkout form, minted on first use. Any change to
        the cart retires it, so a form that showed an older cart cannot be submitted."""
        if not self.session.get(CHECKOUT_KEY):
            self.session[CHECKOUT_KEY] = secrets.token_urlsafe(32)
        return self.session[CHECKOUT_KEY]

    def lines(self) -> list[CartLine]:
        """The cart's products, freshly read; products that no longer exist are dropped."""
        products = Product.objects.select_related("cooperative", "category").in_bulk(
            [int(pk) for pk in self.items]
        )
        return [
            CartLine(product, item["quantity"], Decimal(item["price"]))
            for pk, item in self.items.items()
            if (product := products.get(int(pk)))
        ]

    @staticmethod
    def total(lines: list[CartLine]) -> Decimal:
        return sum((line.subtotal for line in lines), NO_MONEY)

    def _save(self) -> None:
        self.session[SESSION_KEY] = self.items
        self.session.pop(CHECKOUT_KEY, None)
        self.session.modified = True
