"""Reads of production that cross relations, each with its joins inside.

The mother's side starts from her own user: every order and claim she can reach is scoped
through her memberships, so another cooperative's order, or one whose skill she lacks, is
simply not found.
"""

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.images import get_image_model

from marketplace.models import Membership, Role
from orders.models import (
    Claim,
    ClaimStatus,
    MemberSkill,
    OrderMode,
    OrderStatus,
    ProductionOrder,
)
from orders.services.claims import CLAIMABLE

# The photo's renditions on the mother's pages, fetched with the orders (no query per photo).
THUMB = "fill-160x160|format-webp"
PHOTO = "fill-720x360|format-webp"
WORTH = ExpressionWrapper(
    F("quantity") * F("order__piece_rate"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def mother_memberships(user) -> QuerySet:
    """The active memberships through which ``user`` takes work (none if anonymous)."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk, role=Role.MOTHER, is_active=True)


def _holds_required_skill(user) -> Exists:
    """She holds the order's skill through her mother membership of the order's cooperative."""
    return Exists(
        MemberSkill.objects.filter(
            skill_id=OuterRef("required_skill_id"),
            membership__user_id=user.pk,
            membership__cooperative_id=OuterRef("cooperative_id"),
            membership__role=Role.MOTHER,
            membership__is_active=True,
        )
    )


def _her_claims(user) -> QuerySet:
    return Claim.objects.filter(order_id=OuterRef("pk"), mother__user_id=user.pk)


def _with_her_claim(orders: QuerySet, user) -> QuerySet:
    """``mine``: the pieces she holds on each order (0 when none or released)."""
    active = _her_claims(user).filter(status=ClaimStatus.ACTIVE).values("quantity")[:1]
    return orders.annotate(mine=Coalesce(Subquery(active), 0, output_field=IntegerField()))


def _with_photo(orders: QuerySet, *filters: str) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(*filters)
    return orders.select_related("product", "cooperative", "required_skill").prefetch_related(
        Prefetch("photo", queryset=images)
    )


def _her_orders(user) -> QuerySet:
    """First-come orders of the cooperatives she works for, past the draft stage."""
    return ProductionOrder.objects.filter(
        cooperative_id__in=mother_memberships(user).values("cooperative_id"),
        mode=OrderMode.FIRST_COME,
    ).exclude(status=OrderStatus.DRAFT)


def open_orders_for_mother(*, user) -> QuerySet:
    """The work ``user`` may claim now, soonest due first: open or fully claimed first-come
    orders of her cooperatives, due today or later, whose skill she holds (or that need none),
    each with ``mine`` (her active claim) and its product, cooperative and photo.
    """
    orders = _her_orders(user).filter(
        Q(required_skill__isnull=True) | _holds_required_skill(user),
        status__in=CLAIMABLE,
        due_date__gte=timezone.localdate(),
    )
    return _with_photo(_with_her_claim(orders, user), THUMB).order_by("due_date", "pk")


def order_for_mother(*, user, order_id: int) -> ProductionOrder | None:
    """One order ``user`` may look at, with ``mine``, or None.

    Beyond the open list she still sees an order she holds a claim on after it closed, was
    cancelled or fell due (or after her skill was withdrawn), so a stale page gets a clear
    answer instead of a 404; a draft, another cooperative's order, or one whose skill she
    lacks and never claimed stays not found.
    """
    orders = _her_orders(user).filter(
        Q(required_skill__isnull=True) | _holds_required_skill(user) | Exists(_her_claims(user)),
        pk=order_id,
    )
    return _with_photo(_with_her_claim(orders, user), PHOTO).first()


def claims_for_mother(*, user) -> QuerySet:
    """Her claims, through any of her memberships: active ones soonest due first, then done,
    then released; each with its order, product and cooperative, and ``worth``: what its
    pieces earn when all are accepted."""
    rank = Case(
        When(status=ClaimStatus.ACTIVE, then=0),
        When(status=ClaimStatus.DONE, then=1),
        default=2,
        output_field=IntegerField(),
    )
    return (
        Claim.objects.filter(mother__user_id=user.pk, mother__role=Role.MOTHER)
        .select_related("order__product", "order__cooperative")
        .annotate(rank=rank, worth=WORTH)
        .order_by("rank", "order__due_date", "pk")
    )
