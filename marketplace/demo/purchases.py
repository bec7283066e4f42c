"""The demo purchases: a few weeks of the shop, from unpaid to delivered, read from
``data/purchases.toml`` (its header gives the schema) and made through the shop's own services.

Each is found again by the "演示订单 NN：" that starts its note, so a rerun adds none twice.
Addresses, buyers and phone numbers are made up.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.demo.datafiles import datafile_load
from marketplace.demo.people import COORDINATORS
from marketplace.exceptions import MarketError, ProductUnavailable
from marketplace.models import (
    LineStatus,
    Product,
    Purchase,
    PurchaseEvent,
    PurchaseEventKind,
    PurchaseLine,
    PurchaseStatus,
    Refund,
)
from marketplace.models.purchases import RefundStatus
from marketplace.services.cart import CartLine
from marketplace.services.purchases import (
    Contact,
    line_transition,
    purchase_create,
    purchase_expire,
    purchase_transition,
)
from marketplace.services.stock import stock_release

DEMO_PURCHASE_MARK = "演示订单"
PAID_AFTER = datetime.timedelta(minutes=4)  # from placing the purchase to Stripe's webhook

# When something happened, in the site's time zone: (days before today, "HH:MM") for placing a
# purchase, (days after the day it was paid, "HH:MM") for a line's steps.
type Moment = tuple[int, str]


@dataclass(frozen=True)
class LineSpec:
    """``quantity`` of ``sku`` and, once paid, the ``steps`` it went through: (status,
    moment). Shipping needs ``carrier`` and ``tracking_number``; cancelling a ``reason``
    (the line is then refunded in full)."""

    sku: str
    quantity: int
    steps: tuple[tuple[str, Moment], ...] = ()
    carrier: str = ""
    tracking_number: str = ""
    reason: str = ""

    @classmethod
    def of(cls, row: dict) -> "LineSpec":
        """From a ``[[purchases.lines]]`` table."""
        steps = tuple((LineStatus(to), (days, clock)) for to, days, clock in row.get("steps", ()))
        return cls(**{**row, "steps": steps})


@dataclass(frozen=True)
class PurchaseSpec:
    """A purchase ``placed`` at a moment that ended ``outcome``: paid, expired unpaid, or
    still awaiting payment (then placed just now, its stock reserved)."""

    key: str
    outcome: str
    placed: Moment | None
    contact: dict
    remark: str
    lines: tuple[LineSpec, ...]
    by_buyer: bool = False  # placed by the demo buyer 林悦 while logged in

    @classmethod
    def of(cls, row: dict) -> "PurchaseSpec":
        """From a ``[[purchases]]`` table."""
        return cls(
            **{
                **row,
                "outcome": PurchaseStatus(row["outcome"]),
                "placed": tuple(row["placed"]) if "placed" in row else None,
                "lines": tuple(LineSpec.of(line) for line in row["lines"]),
            }
        )

    @property
    def marker(self) -> str:
        return f"{DEMO_PURCHASE_MARK} {self.key}："

    @property
    def note(self) -> str:
        return self.marker + self.remark


PURCHASES = [PurchaseSpec.of(row) for row in datafile_load(__file__, "purchases")["purchases"]]


def seed_purchases(marketplace: dict, stdout=None) -> dict:
    """Create whichever demo purchases are missing; return all of them by key.

    ``marketplace`` is what ``seed_marketplace`` returned. Each purchase is made the way the
    shop makes it (``purchase_create`` reserves the stock) and then taken through the same
    guarded transitions as the webhook and the coordinator's buttons, which record every step
    in its history and move stock. Only the two side effects of those services that do not
    belong in a seed are left out: the emails to buyers and coordinators, and the call to
    Stripe Refunds (the refund is recorded as Stripe would have answered it). The steps are
    then dated back over the past two weeks.

    A purchase that cannot be bought any more (a product taken off sale, sold out, deleted)
    is skipped with a note to ``stdout``; the rest are still made.
    """
    now = timezone.now()
    existing = list(Purchase.objects.filter(note__startswith=DEMO_PURCHASE_MARK))
    coordinators = {
        marketplace["cooperatives"][row["cooperative"]].pk: marketplace["users"][row["username"]]
        for row in COORDINATORS
    }
    purchases, created = {}, 0
    for spec in PURCHASES:
        purchase = next((p for p in existing if p.note.startswith(spec.marker)), None)
        if purchase is None:
            try:
                with transaction.atomic():
                    purchase = demo_purchase_create(
                        spec,
                        buyer=marketplace["users"]["buyer"],
                        coordinators=coordinators,
                        now=now,
                    )
            except MarketError as error:
                if stdout is not None:
                    stdout.write(f"purchases: skipped {spec.marker} {error.message}")
                continue
            created += 1
        purchases[spec.key] = purchase
    if stdout is not None:
        stdout.write(f"purchases: {len(purchases)} demo purchases, {created} new")
    return purchases


def demo_purchase_create(spec: PurchaseSpec, *, buyer, coordinators: dict, now) -> Purchase:
    products = Product.objects.in_bulk([line.sku for line in spec.lines], field_name="sku")
    for line in spec.lines:
        if line.sku not in products:
            raise ProductUnavailable(line.sku)
    purchase = purchase_create(
        cart_lines=[
            CartLine(products[line.sku], line.quantity, products[line.sku].price)
            for line in spec.lines
        ],
        contact=Contact(**spec.contact, note=spec.note),
        buyer=buyer if spec.by_buyer else None,
    )
    if spec.placed is None:  # just now: dated and reserved as purchase_create left it
        return purchase
    days_ago, clock = spec.placed
    placed = _at(timezone.localdate(now) - datetime.timedelta(days=days_ago), clock, now=now)
    reserved_until = placed + datetime.timedelta(minutes=settings.STOCK_RESERVATION_MINUTES)
    Purchase.objects.filter(pk=purchase.pk).update(created_at=placed, reserved_until=reserved_until)
    history = History(purchase)
    history.date(placed)
    if spec.outcome == PurchaseStatus.EXPIRED:
        purchase_expire(purchase=purchase)  # the pieces go back to stock
        history.date(reserved_until)
    elif spec.outcome == PurchaseStatus.PAID:
        paid_at = placed + PAID_AFTER
        _pay(purchase, key=spec.key, paid_at=paid_at)
        history.date(paid_at)
        paid_on = timezone.localdate(paid_at)
        for line, line_spec in zip(purchase.lines.all(), spec.lines, strict=True):
            actor = coordinators.get(line.cooperative_id)
            for status, moment in line_spec.steps:
                days, clock = moment
                when = _at(paid_on + datetime.timedelta(days=days), clock, now=now)
                line = _line_step(line, line_spec, to=status, actor=actor, when=when)
                history.date(when)
    purchase.refresh_from_db()
    return purchase


def _at(day: datetime.date, clock: str, *, now: datetime.datetime) -> datetime.datetime:
    """``clock`` o'clock on ``day`` in the site's time zone, and never later than ``now``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(clock)))
    return min(moment, now)


class History:
    """Dates a purchase's history back: the events recorded since the last call get ``when``."""

    def __init__(self, purchase: Purchase):
        self.purchase = purchase
        self.seen = 0

    def date(self, when: datetime.datetime) -> None:
        fresh = list(
            PurchaseEvent.objects.filter(purchase=self.purchase, pk__gt=self.seen).values_list(
                "pk", flat=True
            )
        )
        if fresh:
            PurchaseEvent.objects.filter(pk__in=fresh).update(created_at=when)
            self.seen = max(fresh)


def _pay(purchase: Purchase, *, key: str, paid_at: datetime.datetime) -> None:
    """What ``purchase_mark_paid`` does on Stripe's webhook, less the emails it sends on
    commit: the purchase and its lines paid, the pieces ``purchase_create`` reserved kept."""
    intent_id = f"pi_demo_{key}"
    Purchase.objects.filter(pk=purchase.pk).update(
        payment_intent_id=intent_id,
        payment_intent_status="succeeded",
        payment_attempts=1,
        payment_started_at=paid_at - datetime.timedelta(seconds=20),
    )
    purchase_transition(purchase=purchase, to=PurchaseStatus.PAID, note=intent_id)
    Purchase.objects.filter(pk=purchase.pk).update(paid_at=paid_at)
    for line in purchase.lines.all():
        line_transition(line=line, to=LineStatus.PAID)


def _line_step(line: PurchaseLine, spec: LineSpec, *, to: str, actor, when) -> PurchaseLine:
    """What the coordinator's pack, ship, deliver and cancel buttons do (``services.fulfilment``),
    less the buyer's email and, for a cancelled line, the call to Stripe Refunds."""
    if to == LineStatus.CANCELLED:
        return _cancel_refunded(line, actor=actor, reason=spec.reason, when=when)
    if to == LineStatus.SHIPPED:
        note = f"{spec.carrier} {spec.tracking_number}"
        line = line_transition(line=line, to=to, note=note, actor=actor)
        PurchaseLine.objects.filter(pk=line.pk).update(
            carrier=spec.carrier, tracking_number=spec.tracking_number
        )
        return line
    return line_transition(line=line, to=to, actor=actor)


def _cancel_refunded(line: PurchaseLine, *, actor, reason: str, when) -> PurchaseLine:
    """``line_cancel``: cancelled, its pieces back in stock, its subtotal refunded — the refund
    recorded as succeeded, as Stripe answers a refund of a card payment, without asking it."""
    line = line_transition(line=line, to=LineStatus.CANCELLED, note=reason, actor=actor)
    stock_release(lines=[line])
    purchase = line.purchase
    if not purchase.lines.exclude(status=LineStatus.CANCELLED).exists():
        purchase_transition(purchase=purchase, to=PurchaseStatus.CANCELLED, actor=actor)
    amount = line.subtotal
    PurchaseLine.objects.filter(pk=line.pk).update(refunded_amount=amount)
    refund = Refund.objects.create(
        purchase=purchase,
        line=line,
        amount=amount,
        reason=reason,
        status=RefundStatus.SUCCEEDED,
        created_by=actor,
    )
    Refund.objects.filter(pk=refund.pk).update(created_at=when)
    PurchaseEvent.objects.create(
        purchase=purchase,
        line=line,
        status=PurchaseEventKind.REFUNDED,
        note=f"¥{amount} · {reason}"[:200],
        actor=actor,
    )
    return line
