"""Reads of the market that cross relations, each with its joins inside."""

import re

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
)

from marketplace.listing import phone_digits, purchase_number
from marketplace.models import (
    Cooperative,
    Fulfilment,
    LineStatus,
    Membership,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    Role,
)

# What secrets.token_urlsafe(32) makes: a purchase's link token, the checkout form's key.
# Anything else (a NUL, which PostgreSQL refuses in text, or a megabyte) is never looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def purchase_for_buyer(*, token: str) -> Purchase | None:
    """The purchase behind an unguessable link, with its lines and history, or None."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Purchase.objects.filter(token=token)
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseLine.objects.select_related("cooperative")),
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
    return Purchase.objects.filter(buyer=user).prefetch_related("lines")


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
