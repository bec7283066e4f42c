"""Reads of "My work": her claims, what became of the pieces she handed over (results,
reasons, corrections, photos) and what they earned.

Every read starts from her own user, through her mother memberships, so anyone else's claim
is simply not found; counts and money are summed by the database, and each page takes the
same number of queries however many claims, handovers or inspections it shows.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.images import get_image_model

from marketplace.money import MONEY, ZERO, money_sum
from marketplace.selectors import mother_memberships
from orders.dates import midnight, month_first
from orders.models import (
    Claim,
    ClaimStatus,
    EntryKind,
    Handover,
    Inspection,
    LedgerEntry,
    Rejection,
    RejectionReason,
    claim_worth,
)
from orders.production.photos import INSPECTION_PHOTO


def claims_for_mother(*, user) -> QuerySet:
    """Her claims, through any of her memberships: active ones soonest due first, then open
    requests, then done, then released; each with its order, product and cooperative,
    ``worth`` (what its pieces earn when all are accepted), ``asked_worth`` (what a request
    would, were she given all of it), ``handed_over`` (every piece she brought: accepted,
    awaiting inspection or rejected) and ``earned`` (the earnings entries of its
    inspections, corrections included)."""
    rank = Case(
        When(status=ClaimStatus.ACTIVE, then=0),
        When(status=ClaimStatus.REQUESTED, then=1),
        When(status=ClaimStatus.DONE, then=2),
        default=3,
        output_field=IntegerField(),
    )
    return (
        Claim.objects.filter(mother__in=mother_memberships(user, former_too=True))
        .select_related("order__product", "order__cooperative")
        .annotate(
            rank=rank,
            worth=claim_worth("quantity"),
            asked_worth=claim_worth("requested"),
            handed_over=F("accepted") + F("pending") + F("rejected"),
            earned=_earned("inspection__handover__claim"),
        )
        .order_by("rank", "order__due_date", "pk")
    )


def claim_for_mother(*, user, claim_id: int) -> Claim | None:
    """One of her own claims, as ``claims_for_mother`` gives it, or None (anyone else's)."""
    return claims_for_mother(user=user).filter(pk=claim_id).first()


def _earned(path: str) -> Coalesce:
    """The sum of the earnings entries behind the outer row, as an annotation; ``path`` leads
    from an entry to that row: ``inspection__handover__claim`` on claims,
    ``inspection__handover`` on handovers."""
    entries = (
        LedgerEntry.objects.filter(kind=EntryKind.EARNING, **{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(entries, output_field=MONEY), ZERO, output_field=MONEY)


# What became of her pieces ----------------------------------------------------------------


def rejections_attach(claims: list[Claim]) -> list[Claim]:
    """Give each claim ``reasons``: [(reason, pieces)] of its rejected pieces, summed per
    reason over the current results (the latest of each correction chain), in the
    cooperative's order of reasons. Two queries however many claims."""
    rows = list(
        Rejection.objects.filter(
            inspection__handover__claim_id__in=[claim.pk for claim in claims],
            inspection__correction__isnull=True,
        )
        .order_by()
        .values("inspection__handover__claim_id", "reason_id")
        .annotate(pieces=Sum("count"))
    )
    reasons = RejectionReason.objects.in_bulk({row["reason_id"] for row in rows})
    per_claim = defaultdict(list)
    for row in rows:
        reason = reasons[row["reason_id"]]
        per_claim[row["inspection__handover__claim_id"]].append((reason, row["pieces"]))
    for claim in claims:
        claim.reasons = sorted(per_claim[claim.pk], key=lambda pair: pair[0].sort_order)
    return claims


@dataclass(frozen=True)
class HandoverResult:
    """One handover as she sees it, with the results of its inspection in the order they
    were made (the first, then each correction of the one before)."""

    handover: Handover
    chain: list[Inspection]
    rate: Decimal

    @property
    def result(self) -> Inspection | None:
        """The result that counts: the latest of the chain (None while awaiting inspection)."""
        return self.chain[-1] if self.chain else None

    @property
    def corrections(self) -> list[tuple]:
        """Each correction as (when it was made, pieces accepted before it)."""
        return [(after.inspected_at, before.accepted) for before, after in pairwise(self.chain)]

    @property
    def photo(self):
        """The latest photo of the chain: a correction may come without one."""
        return next((i.photo for i in reversed(self.chain) if i.photo_id), None)

    @property
    def earned(self) -> Decimal:
        """The sum of the chain's earnings entries (a correction's carries the difference)."""
        return self.handover.earned

    @property
    def worth(self) -> Decimal:
        """What its pieces earn if all are accepted."""
        return self.handover.count * self.rate


def handovers_for_claim(claim: Claim) -> list[HandoverResult]:
    """Her handovers of ``claim`` (fetched with its order), oldest first, each with its
    results, their reasons and photos, and what it earned: five queries however many
    handovers and inspections."""
    images = get_image_model().objects.prefetch_renditions(INSPECTION_PHOTO["inspection"])
    inspections = Inspection.objects.prefetch_related(
        Prefetch("rejections", queryset=Rejection.objects.select_related("reason")),
        Prefetch("photo", queryset=images),
    )
    handovers = (
        Handover.objects.filter(claim_id=claim.pk)
        .annotate(earned=_earned("inspection__handover"))
        .prefetch_related(Prefetch("inspections", queryset=inspections))
        .order_by("received_at", "pk")
    )
    rate = claim.order.piece_rate
    return [HandoverResult(h, _chain(list(h.inspections.all())), rate) for h in handovers]


def _chain(inspections: list[Inspection]) -> list[Inspection]:
    """A handover's results in the order they were made: the first, then each correction of
    the one before."""
    correcting = {i.corrects_id: i for i in inspections if i.corrects_id is not None}
    first = next((i for i in inspections if i.corrects_id is None), None)
    chain = []
    while first is not None:
        chain.append(first)
        first = correcting.get(first.pk)
    return chain


def awaiting_inspection(claims: QuerySet[Claim]) -> dict:
    """The pieces of ``claims`` handed over and not yet inspected, and what they earn if all
    are accepted: ``{"pieces", "value"}``, in one query."""
    return claims.filter(pending__gt=0).aggregate(
        pieces=Coalesce(Sum("pending"), 0), value=money_sum(claim_worth("pending"))
    )


@dataclass(frozen=True)
class Earnings:
    month: Decimal
    total: Decimal
    waiting_pieces: int
    waiting_value: Decimal


def earnings_for_mother(*, user) -> Earnings:
    """Her earnings entries summed this calendar month (in the site's time zone,
    Asia/Shanghai) and in all, and the pieces awaiting inspection with their worth at the
    orders' rates: two queries."""
    month_start = midnight(month_first(timezone.localdate()))
    hers = mother_memberships(user, former_too=True)
    earned = LedgerEntry.objects.filter(mother__in=hers, kind=EntryKind.EARNING).aggregate(
        month=money_sum(filter=Q(created_at__gte=month_start)),
        total=money_sum(),
    )
    waiting = awaiting_inspection(Claim.objects.filter(mother__in=hers))
    return Earnings(
        month=earned["month"],
        total=earned["total"],
        waiting_pieces=waiting["pieces"],
        waiting_value=waiting["value"],
    )
