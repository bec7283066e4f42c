"""Stock moves: every change is one conditional UPDATE, so stock never goes below zero.

Lines are reserved in product-id order so that concurrent checkouts take row locks in the
same order and cannot deadlock (PostgreSQL); SQLite serialises writers with IMMEDIATE
transactions. Callers lock the purchase and its lines first, as the site's one lock order
has it (marketplace/locks.py). The ``product_stock_not_negative`` CheckConstraint backs the
rule.
"""

from django.db import transaction
from django.db.models import F

from marketplace.exceptions import NotEnoughStock, ProductUnavailable
from marketplace.models import Fulfilment, Product, PurchaseLine
from marketplace.signals import product_changes_announce


def stock_reserve(*, lines: list[PurchaseLine]) -> None:
    """Take each in-stock line's pieces out of free stock, or raise and take nothing.

    Must run inside the transaction that creates or re-arms the purchase.
    """
    assert transaction.get_connection().in_atomic_block
    reserved = []
    for line in sorted(lines, key=lambda line: line.product_id):
        if line.fulfilment != Fulfilment.IN_STOCK or line.holds_stock:
            continue
        taken = Product.objects.filter(
            pk=line.product_id, is_active=True, stock__gte=line.quantity
        ).update(stock=F("stock") - line.quantity)
        if not taken:
            raise _shortage(line)
        line.holds_stock = True
        if line.pk:
            PurchaseLine.objects.filter(pk=line.pk).update(holds_stock=True)
        reserved.append(line.product_id)
    product_changes_announce(product_ids=reserved)


def stock_release(*, lines: list[PurchaseLine]) -> int:
    """Give back the pieces each line holds, exactly once however often this is called.

    Returns the number of pieces returned to stock.
    """
    returned = 0
    released = []
    for line in sorted(lines, key=lambda line: line.product_id):
        # Clearing the flag is the claim on the release: only one caller can win it.
        if PurchaseLine.objects.filter(pk=line.pk, holds_stock=True).update(holds_stock=False):
            Product.objects.filter(pk=line.product_id).update(stock=F("stock") + line.quantity)
            line.holds_stock = False
            returned += line.quantity
            released.append(line.product_id)
    product_changes_announce(product_ids=released)
    return returned


def stock_add_made(*, product: Product, pieces: int) -> bool:
    """``pieces`` newly made pieces of ``product`` go into its free stock. A negative count (a
    correction that takes accepted pieces back) takes them out only while the stock still
    holds them all: returns False, moving nothing, when some have already been sold.

    Production calls it last in its transaction, after its purchases and lines (the site's
    lock order); the UPDATE itself locks the product row.
    """
    if pieces < 0:
        taken = bool(
            Product.objects.filter(pk=product.pk, stock__gte=-pieces).update(
                stock=F("stock") + pieces
            )
        )
        if taken:
            product_changes_announce(product_ids=[product.pk])
        return taken
    if pieces:
        Product.objects.filter(pk=product.pk).update(stock=F("stock") + pieces)
        product_changes_announce(product_ids=[product.pk])
    return True


def _shortage(line: PurchaseLine) -> Exception:
    product = Product.objects.get(pk=line.product_id)
    if not product.is_active:
        return ProductUnavailable(product.display_name)
    return NotEnoughStock(product.display_name, product.stock)
