"""Reads of production that cross relations, each with its joins inside.

The mother's side starts from her own user: every order and claim she can reach is scoped
through her memberships, so another cooperative's order, or one whose skill she lacks, is
simply not found. Her claims and what became of them are read in
orders/production/selectors/mine.py.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from marketplace.models import Product
from marketplace.selectors import mother_memberships
from orders.models import Claim, ClaimStatus, MemberSkill, OrderStatus, ProductionOrder
from orders.production.photos import ORDER_PHOTO
from orders.production.services.claims import CLAIMABLE


def _holds_required_skill(user) -> Exists:
    """She holds the order's skill through her mother membership of the order's cooperative."""
    return Exists(
        MemberSkill.objects.filter(
            skill_id=OuterRef("required_skill_id"),
            membership__in=mother_memberships(user),
            membership__cooperative_id=OuterRef("cooperative_id"),
        )
    )


def _her_claims(user) -> QuerySet:
    hers = mother_memberships(user, former_too=True)
    return Claim.objects.filter(order_id=OuterRef("pk"), mother__in=hers)


def _with_her_claim(orders: QuerySet, user) -> QuerySet:
    """``mine``: the pieces she holds on each order (0 when none or released); ``handed``:
    those of them she has handed over (accepted or awaiting inspection); ``asked``: the
    pieces she asks for while a request window is open (0 when none or withdrawn)."""
    held = _her_claims(user).filter(status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE])
    handed = held.annotate(handed=F("accepted") + F("pending"))
    asking = _her_claims(user).filter(status=ClaimStatus.REQUESTED).values("requested")[:1]
    return orders.annotate(
        mine=Coalesce(Subquery(held.values("quantity")[:1]), 0, output_field=IntegerField()),
        handed=Coalesce(Subquery(handed.values("handed")[:1]), 0, output_field=IntegerField()),
        asked=Coalesce(Subquery(asking), 0, output_field=IntegerField()),
    )


def _product_pages() -> QuerySet:
    """The live showcase pages of a product, read through the relation the showcase
    declares on marketplace's Product (``pages``): orders imports nothing of the showcase."""
    page_model = Product._meta.get_field("pages").related_model
    return page_model.objects.live().select_related("locale").order_by("pk")


def _with_photo(orders: QuerySet, rendition: str) -> QuerySet:
    """With the order's photo, its product's pages and their main photo, each with its
    ``rendition`` (a name in orders.production.photos): no query per photo."""
    images = get_image_model().objects.prefetch_renditions(ORDER_PHOTO[rendition])
    return orders.select_related("product", "cooperative", "required_skill").prefetch_related(
        Prefetch("photo", queryset=images),
        Prefetch("product__pages", queryset=_product_pages()),
        Prefetch("product__pages__image", queryset=images),
    )


@dataclass(frozen=True)
class Picture:
    image: AbstractImage
    alt: str


def order_picture(order: ProductionOrder) -> Picture | None:
    """What the order looks like: its own photo (of the model piece) if the coordinator gave
    one, else the main photo of its product's page in her language (or in any), described
    as the page describes it. Reads only what ``_with_photo`` prefetched."""
    if order.photo:
        return Picture(order.photo, order.product.display_name)
    language = translation.get_language()
    pages = [page for page in order.product.pages.all() if page.image]
    pages.sort(key=lambda page: page.locale.language_code != language)
    if not pages:
        return None
    return Picture(pages[0].image, pages[0].image_alt or order.product.display_name)


def _her_orders(user) -> QuerySet:
    """Orders of the cooperatives she works for, past the draft stage: first come and
    request windows alike."""
    return ProductionOrder.objects.filter(
        cooperative_id__in=mother_memberships(user).values("cooperative_id"),
        cooperative__is_active=True,
    ).exclude(status=OrderStatus.DRAFT)


def open_orders_for_mother(*, user) -> QuerySet:
    """The work ``user`` may claim or ask for now, soonest due first: open or fully claimed
    orders of her cooperatives (first come, or a request window before or after its sharing
    out), due today or later, whose skill she holds (or that need none), each with ``mine``
    (her active claim), ``asked`` (her open request) and its product, cooperative and photo.
    """
    orders = _her_orders(user).filter(
        Q(required_skill__isnull=True) | _holds_required_skill(user),
        status__in=CLAIMABLE,
        due_date__gte=timezone.localdate(),
    )
    return _with_photo(_with_her_claim(orders, user), "work-thumb").order_by("due_date", "pk")


def order_for_mother(*, user, order_id: int) -> ProductionOrder | None:
    """One order ``user`` may look at, with ``mine`` and ``asked``, or None.

    Beyond the open list she still sees an order she holds a claim on after it closed, was
    cancelled or fell due (or after her skill was withdrawn), so a stale page gets a clear
    answer instead of a 404; a draft, another cooperative's order, or one whose skill she
    lacks and never claimed stays not found.
    """
    orders = _her_orders(user).filter(
        Q(required_skill__isnull=True) | _holds_required_skill(user) | Exists(_her_claims(user)),
        pk=order_id,
    )
    return _with_photo(_with_her_claim(orders, user), "work-order").first()


def her_claim_on(*, user, order: ProductionOrder) -> Claim | None:
    """Her claim (or request) on ``order``, in whatever state, or None."""
    hers = mother_memberships(user, former_too=True)
    return Claim.objects.filter(order_id=order.pk, mother__in=hers).first()
