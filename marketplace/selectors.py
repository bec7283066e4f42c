"""Reads of the market that cross relations, each with its joins inside."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateTimeField,
    F,
    Func,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.utils import timezone

from marketplace.listing import phone_digits, purchase_number
from marketplace.models import (
    Cooperative,
    Fulfilment,
    LineStatus,
    Membership,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    PurchaseState,
    PurchaseStatus,
    Refund,
    Role,
)
from marketplace.models.purchases import RefundStatus
from marketplace.money import NO_MONEY

# What secrets.token_urlsafe(32) makes: a purchase's link token, the checkout form's key.
# Anything else (a NUL, which PostgreSQL refuses in text, or a megabyte) is never looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def purchase_for_buyer(*, token: str) -> Purchase | None:
    """The purchase behind an unguessable link, with its lines, refunds and history, or None."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Purchase.objects.filter(token=token)
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseLine.objects.select_related("cooperative")),
            _given_back(),
            Prefetch("events", queryset=PurchaseEvent.objects.select_related("line")),
        )
        .first()
    )


def purchase_for_checkout_key(*, key: str) -> Purchase | None:
    """The purchase a checkout form's one-time key made, or None."""
    if not TOKEN_SHAPE.fullmatch(key):
        return None
    return Purchase.objects.filter(checkout_key=key).first()


def purchases_of(user) -> QuerySet:
    """Her purchases, newest first, with what ``purchase_overview`` reads of each."""
    return Purchase.objects.filter(buyer=user).prefetch_related("lines", _given_back())


# The buyer's view of a purchase ------------------------------------------------------------

# Pending refunds count as given back, as they do for the coordinator (services.fulfilment):
# the money is on its way. A failed refund gave nothing back and is not the buyer's news.
GIVEN_BACK = (RefundStatus.PENDING, RefundStatus.SUCCEEDED)


def _given_back() -> Prefetch:
    refunds = Refund.objects.filter(status__in=GIVEN_BACK).select_related("line")
    return Prefetch("refunds", queryset=refunds, to_attr="given_back")


def _given_back_of(purchase: Purchase) -> list[Refund]:
    if not hasattr(purchase, "given_back"):  # a purchase read without _given_back()
        prefetch_related_objects([purchase], _given_back())
    return purchase.given_back


@dataclass(frozen=True)
class PurchaseOverview:
    """What the buyer's pages say of one purchase: where it stands, its money, its refunds."""

    purchase: Purchase
    state: PurchaseState
    goods: Decimal  # what the lines cost
    refunded: Decimal  # given back, or on its way back
    paid: Decimal | None  # 实付: what she paid less what came back; None until she paid
    refunds: list[Refund]
    stock_held_until: datetime.datetime | None
    has_stock_lines: bool  # some pieces come from stock and are held while she pays

    @property
    def partly_refunded(self) -> bool:
        return NO_MONEY < self.refunded < self.goods


def purchase_overview(purchase: Purchase) -> PurchaseOverview:
    """``purchase`` as its buyer sees it; reads only what ``purchase_for_buyer`` and
    ``purchases_of`` prefetch, so a list of them costs no query per purchase."""
    refunds = _given_back_of(purchase)
    refunded = sum((refund.amount for refund in refunds), NO_MONEY)
    return PurchaseOverview(
        purchase=purchase,
        state=purchase_state(purchase),
        goods=purchase.total,
        refunded=refunded,
        paid=purchase.total - refunded if purchase.paid_at else None,
        refunds=refunds,
        stock_held_until=stock_held_until(purchase),
        has_stock_lines=any(not line.is_made_to_order for line in purchase.lines.all()),
    )


def purchase_state(purchase: Purchase) -> PurchaseState:
    """The one word the buyer reads first: refunds and cancellation, then the payment, then
    where the goods are. Reads the prefetched lines and refunds (``given_back``)."""
    refunded = sum((refund.amount for refund in _given_back_of(purchase)), NO_MONEY)
    if purchase.paid_at and refunded >= purchase.total:
        return PurchaseState.REFUNDED
    if purchase.status == PurchaseStatus.CANCELLED:
        return PurchaseState.CANCELLED
    if purchase.status == PurchaseStatus.EXPIRED:
        return PurchaseState.EXPIRED
    if purchase.status == PurchaseStatus.AWAITING_PAYMENT:
        return _payment_state(purchase)
    return _goods_state(
        [line for line in purchase.lines.all() if line.status != LineStatus.CANCELLED]
    )


def _payment_state(purchase: Purchase) -> PurchaseState:
    if purchase.is_confirming:
        return PurchaseState.CONFIRMING
    # A card was tried and nothing pays or holds stock for her now: a decline, a failed
    # security check, or Stripe out of reach. A security check still open is not a failure.
    tried = purchase.payment_attempts > 0 and purchase.payment_intent_status != "requires_action"
    if tried and not any(line.holds_stock for line in purchase.lines.all()):
        return PurchaseState.PAYMENT_FAILED
    return PurchaseState.AWAITING_PAYMENT


def _goods_state(lines: list[PurchaseLine]) -> PurchaseState:
    """Where the goods of a paid purchase are, from its lines still wanted."""
    sent = [line for line in lines if line.status in (LineStatus.SHIPPED, LineStatus.DELIVERED)]
    if sent and len(sent) == len(lines):
        delivered = all(line.status == LineStatus.DELIVERED for line in lines)
        return PurchaseState.DELIVERED if delivered else PurchaseState.SHIPPED
    if sent:
        return PurchaseState.PARTLY_SHIPPED
    if any(line.is_made_to_order and line.made < line.quantity for line in lines):
        return PurchaseState.MAKING
    return PurchaseState.PAID


def stock_held_until(
    purchase: Purchase, *, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Until when pieces are held for an unpaid purchase; None when none are held now (made
    to order, given back after a failed payment, or the reservation has lapsed)."""
    held = any(line.holds_stock for line in purchase.lines.all())
    waiting = purchase.status == PurchaseStatus.AWAITING_PAYMENT
    if waiting and held and purchase.reserved_until > (now or timezone.now()):
        return purchase.reserved_until
    return None


# What a buyer types at checkout, as the purchase keeps it.
CONTACT_FIELDS = ("recipient", "phone", "email", "province", "city", "district", "address")


def buyer_last_contact(*, user) -> dict[str, str]:
    """The contact and address of her latest purchase, to fill in her next checkout; empty
    when she has bought nothing while signed in."""
    last = Purchase.objects.filter(buyer=user).order_by("-created_at", "-pk")
    return last.values(*CONTACT_FIELDS).first() or {}


# The coordinator's side ------------------------------------------------------------------

# What a coordinator sees of a purchase: its lines once paid, whatever happened to them since.
COORDINATOR_LINE_STATUSES = (
    LineStatus.PAID,
    LineStatus.PACKED,
    LineStatus.SHIPPED,
    LineStatus.DELIVERED,
    LineStatus.CANCELLED,
)
# Made to order and not yet on its way: what the mothers still have to make.
IN_PRODUCTION_STATUSES = (LineStatus.PAID, LineStatus.PACKED)


def mother_memberships(user, *, former_too: bool = False) -> QuerySet[Membership]:
    """The memberships through which ``user`` is a mother (none if anonymous): the active
    ones, through which she takes work; with ``former_too``, those she has left as well,
    through which she still sees her history, her money and her payslips.

    Every read of a mother's own starts here, so nobody else's claim, entry or payout is
    ever found."""
    if not user.is_authenticated:
        return Membership.objects.none()
    memberships = Membership.objects.filter(user_id=user.pk, role=Role.MOTHER)
    return memberships if former_too else memberships.filter(is_active=True)


def _coordinated_ids(user) -> QuerySet:
    return Membership.objects.filter(user_id=user.pk, role=Role.COORDINATOR, is_active=True).values(
        "cooperative_id"
    )


def coordinator_cooperatives(user) -> QuerySet:
    """The cooperatives ``user`` coordinates through an active membership (none if anonymous)."""
    if not user.is_authenticated:
        return Cooperative.objects.none()
    return Cooperative.objects.filter(pk__in=_coordinated_ids(user))


def coordinated_mothers(user) -> QuerySet[Membership]:
    """The mother memberships, active or not (her history outlives her membership), of the
    cooperatives ``user`` coordinates: every coordinator read of a mother starts here."""
    return Membership.objects.filter(
        role=Role.MOTHER, cooperative__in=coordinator_cooperatives(user)
    )


def lines_for_coordinator(*, user) -> QuerySet:
    """The paid lines of the cooperatives ``user`` coordinates, newest payment first, with
    their purchase, product and cooperative and ``due_at`` (when the line should leave).

    Every coordinator read and write starts here, so another cooperative's line is simply
    not found.
    """
    if not user.is_authenticated:
        return PurchaseLine.objects.none()
    lines = PurchaseLine.objects.filter(
        cooperative_id__in=_coordinated_ids(user),
        status__in=COORDINATOR_LINE_STATUSES,
        purchase__paid_at__isnull=False,
    )
    return (
        lines.select_related("purchase", "product", "cooperative")
        .annotate(due_at=_due_at())
        .order_by("-purchase__paid_at", "-pk")
    )


def lines_matching(lines: QuerySet, query: str) -> QuerySet:
    """Those of ``lines`` whose purchase number (JG00000012, or just 12), buyer's phone (or
    its last digits) or product (as bought, or its name in either language) is ``query``;
    all of them when ``query`` is empty. It narrows ``lines``, so it finds nothing that
    ``lines`` did not hold: never another cooperative's purchase."""
    if not query:
        return lines
    found = (
        Q(name__icontains=query)
        | Q(product__name__icontains=query)
        | Q(product__name_en__icontains=query)
    )
    if (number := purchase_number(query)) is not None:
        found |= Q(purchase_id=number)
    if digits := phone_digits(query):
        found |= Q(purchase__phone__contains=digits)
    return lines.filter(found)


class PlusDays(Func):
    """``moment + days`` where ``days`` is a column: Django multiplies a column into a
    duration on PostgreSQL but not on SQLite, where durations are microseconds."""

    arity = 2
    output_field = DateTimeField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(%(expressions)s * INTERVAL '1 day')",
            arg_joiner=" + ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="django_format_dtdelta('+', %(expressions)s * 86400000000)",
            **extra_context,
        )


def _due_at() -> PlusDays:
    """When a line should leave: paid plus its lead time (in stock: the day it was paid)."""
    return PlusDays(F("purchase__paid_at"), F("lead_time_days"))


def line_for_coordinator(*, user, line_id: int) -> PurchaseLine | None:
    """One of her cooperatives' paid lines, or None (someone else's, unpaid or unknown)."""
    return lines_for_coordinator(user=user).filter(pk=line_id).first()


def purchase_events_for_cooperative(*, purchase_id: int, cooperative_id: int) -> QuerySet:
    """A purchase's history as one cooperative may read it: the purchase's own steps and
    those of its lines, not those of other cooperatives' lines."""
    return (
        PurchaseEvent.objects.filter(purchase_id=purchase_id)
        .filter(Q(line__isnull=True) | Q(line__cooperative_id=cooperative_id))
        .select_related("line")
    )


def demand_for_coordinator(*, user) -> QuerySet:
    """Paid made-to-order lines of her cooperatives not yet shipped, the soonest due first."""
    return (
        lines_for_coordinator(user=user)
        .filter(fulfilment=Fulfilment.MADE_TO_ORDER, status__in=IN_PRODUCTION_STATUSES)
        .order_by("due_at", "pk")
    )


def demand_totals(lines: QuerySet) -> QuerySet:
    """Per product: pieces to make, purchases waiting for them and the soonest due date."""
    return (
        lines.order_by()
        .values("product_id")
        .annotate(
            pieces=Sum("quantity"),
            purchases=Count("purchase_id", distinct=True),
            first_due=Min("due_at"),
        )
        .order_by("first_due", "product_id")
    )
