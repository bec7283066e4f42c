"""Creating a purchase from the cart, and its life: paid, expired, cancelled.

State changes go through ``purchase_transition`` / ``line_transition``, which check the
tables below and record the step in the purchase's history. Every step that touches a
purchase's lines or its held stock locks the purchase first (marketplace/locks.py).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace import emails
from marketplace.exceptions import BusyTryAgain, CheckoutAlreadyPlaced, EmptyCart, InvalidTransition
from marketplace.locks import atomic_with_retry, purchase_and_lines_lock
from marketplace.models import (
    LineStatus,
    Purchase,
    PurchaseEvent,
    PurchaseEventKind,
    PurchaseLine,
    PurchaseStatus,
)
from marketplace.money import NO_MONEY
from marketplace.services.cart import CartLine, line_check
from marketplace.services.stock import stock_release, stock_reserve

logger = logging.getLogger(__name__)

PURCHASE_ALLOWED = {
    PurchaseStatus.AWAITING_PAYMENT: {
        PurchaseStatus.PAID,
        PurchaseStatus.EXPIRED,
        PurchaseStatus.CANCELLED,
    },
    # A payment that lands after the reservation lapsed still counts (Stripe took the money).
    PurchaseStatus.EXPIRED: {PurchaseStatus.PAID},
    PurchaseStatus.PAID: {PurchaseStatus.CANCELLED},
    PurchaseStatus.CANCELLED: set(),
}

LINE_ALLOWED = {
    LineStatus.AWAITING_PAYMENT: {LineStatus.PAID, LineStatus.CANCELLED},
    LineStatus.PAID: {LineStatus.PACKED, LineStatus.SHIPPED, LineStatus.CANCELLED},
    LineStatus.PACKED: {LineStatus.SHIPPED, LineStatus.CANCELLED},
    LineStatus.SHIPPED: {LineStatus.DELIVERED},
    LineStatus.DELIVERED: set(),
    LineStatus.CANCELLED: set(),
}


@dataclass(frozen=True)
class Contact:
    email: str
    recipient: str
    phone: str
    province: str
    city: str
    district: str
    address: str
    note: str = ""


def reservation_deadline() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=settings.STOCK_RESERVATION_MINUTES)


@atomic_with_retry
def purchase_create(
    *, cart_lines: list[CartLine], contact: Contact, buyer=None, checkout_key: str = ""
) -> Purchase:
    """A purchase awaiting payment, its lines snapshotting name, price and quantity, and the
    in-stock pieces reserved until ``reserved_until``. Raises and creates nothing if any line
    cannot be bought now (sold out, off sale, price changed since the buyer saw it).

    A ``checkout_key`` (the checkout form's one-time key) makes one purchase at most: another
    call with it raises CheckoutAlreadyPlaced and changes nothing, even while the first is
    still committing."""
    if not cart_lines:
        raise EmptyCart
    lines = [_line_from(item) for item in cart_lines]
    purchase = _purchase_insert(
        checkout_key=checkout_key,
        buyer=buyer if buyer and buyer.is_authenticated else None,
        total=sum((line.subtotal for line in lines), NO_MONEY),
        reserved_until=reservation_deadline(),
        **vars(contact),
    )
    for item in cart_lines:
        line_check(product=item.product, quantity=item.quantity, seen_price=item.seen_price)
    stock_reserve(lines=lines)
    for line in lines:
        line.purchase = purchase
    PurchaseLine.objects.bulk_create(lines)
    PurchaseEvent.objects.create(purchase=purchase, status=PurchaseEventKind(purchase.status))
    return purchase


def _purchase_insert(*, checkout_key: str, **fields) -> Purchase:
    """The purchase row, written before any stock moves: a concurrent submission of the same
    form waits on the key's unique index here, then finds it taken and touches nothing."""
    try:
        with transaction.atomic():
            return Purchase.objects.create(checkout_key=checkout_key, **fields)
    except IntegrityError as error:
        if checkout_key and Purchase.objects.filter(checkout_key=checkout_key).exists():
            raise CheckoutAlreadyPlaced from error
        raise


def _line_from(item: CartLine) -> PurchaseLine:
    product = item.product
    return PurchaseLine(
        product=product,
        cooperative_id=product.cooperative_id,
        name=product.name,
        unit_price=product.price,
        quantity=item.quantity,
        fulfilment=product.fulfilment,
        lead_time_days=product.lead_time_days,
    )


def purchase_transition(*, purchase: Purchase, to: str, note: str = "", actor=None) -> Purchase:
    """Move ``purchase`` to ``to`` if the table allows it, and record the step."""
    if to not in PURCHASE_ALLOWED[PurchaseStatus(purchase.status)]:
        raise InvalidTransition(purchase.get_status_display(), PurchaseStatus(to).label)
    updated = Purchase.objects.filter(pk=purchase.pk, status=purchase.status).update(status=to)
    if not updated:  # someone else moved it first: re-read and judge again
        purchase.refresh_from_db()
        return purchase_transition(purchase=purchase, to=to, note=note, actor=actor)
    purchase.status = to
    PurchaseEvent.objects.create(
        purchase=purchase, status=PurchaseEventKind(to), note=note, actor=actor
    )
    return purchase


def line_transition(*, line: PurchaseLine, to: str, note: str = "", actor=None) -> PurchaseLine:
    if to not in LINE_ALLOWED[LineStatus(line.status)]:
        raise InvalidTransition(line.get_status_display(), LineStatus(to).label)
    if not PurchaseLine.objects.filter(pk=line.pk, status=line.status).update(status=to):
        line.refresh_from_db()
        return line_transition(line=line, to=to, note=note, actor=actor)
    line.status = to
    PurchaseEvent.objects.create(
        purchase_id=line.purchase_id,
        line=line,
        status=PurchaseEventKind(to),
        note=note,
        actor=actor,
    )
    return line


@atomic_with_retry
def purchase_rearm(*, purchase: Purchase) -> Purchase:
    """Before another payment attempt: hold the stock again and extend the reservation.
    Raises NotEnoughStock when the pieces went to someone else meanwhile."""
    purchase, lines = purchase_and_lines_lock(purchase.pk)
    stock_reserve(lines=lines)
    purchase.reserved_until = reservation_deadline()
    purchase.save(update_fields=["reserved_until"])
    return purchase


@atomic_with_retry
def purchase_release(*, purchase: Purchase, note: str = "") -> int:
    """A failed payment: the held pieces go back to stock; the buyer may try again."""
    purchase, lines = purchase_and_lines_lock(purchase.pk)
    returned = stock_release(lines=lines)
    if returned:
        PurchaseEvent.objects.create(
            purchase=purchase, status=PurchaseEventKind.STOCK_RELEASED, note=note[:200]
        )
    return returned


@atomic_with_retry
def purchase_mark_paid(*, purchase: Purchase, note: str = "") -> Purchase:
    """Stripe says the money arrived. Idempotent: a paid purchase stays as it is."""
    purchase, lines = purchase_and_lines_lock(purchase.pk)
    if purchase.status == PurchaseStatus.PAID:
        return purchase
    if purchase.status == PurchaseStatus.CANCELLED:
        # Money arrived for a purchase no longer wanted: record it for a refund; Stripe's
        # word is never dropped and never bounced back as an error.
        PurchaseEvent.objects.create(
            purchase=purchase, status=PurchaseEventKind.PAID_AFTER_CANCEL, note=note
        )
        Purchase.objects.filter(pk=purchase.pk, paid_at=None).update(paid_at=timezone.now())
        return purchase
    lines = [line for line in lines if line.status == LineStatus.AWAITING_PAYMENT]
    _hold_what_can_be_held(lines)
    purchase_transition(purchase=purchase, to=PurchaseStatus.PAID, note=note)
    Purchase.objects.filter(pk=purchase.pk).update(paid_at=timezone.now())
    for line in lines:
        line_transition(line=line, to=LineStatus.PAID)
    transaction.on_commit(lambda: emails.purchase_paid_notify(purchase.pk))
    return purchase


def _hold_what_can_be_held(lines: list[PurchaseLine]) -> None:
    """A late payment after the reservation lapsed: take the pieces again if they are there;
    if not, the line is paid all the same and the cooperative sees it short of stock."""
    try:
        with transaction.atomic():
            stock_reserve(lines=lines)
    except Exception:  # noqa: BLE001 - any shortage leaves the lines for the coordinator
        for line in lines:
            line.refresh_from_db()


@atomic_with_retry
def purchase_expire(*, purchase: Purchase) -> Purchase:
    purchase, lines = purchase_and_lines_lock(purchase.pk)
    if purchase.status != PurchaseStatus.AWAITING_PAYMENT:
        return purchase
    stock_release(lines=lines)
    return purchase_transition(purchase=purchase, to=PurchaseStatus.EXPIRED)


def purchases_expire_overdue(*, now: datetime.datetime | None = None) -> int:
    """Expire every purchase whose reservation has lapsed unpaid; returns how many."""
    overdue = Purchase.objects.filter(
        status=PurchaseStatus.AWAITING_PAYMENT, reserved_until__lt=now or timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for pk in overdue:
        try:
            purchase_expire(purchase=Purchase(pk=pk))
        except BusyTryAgain:
            logger.warning("purchase %s busy: it expires at the next run", pk)
            continue
        count += 1
    return count
