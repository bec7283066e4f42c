"""Handovers, inspections and their corrections, and where accepted pieces go.

Every count moves by a conditional UPDATE, so a double-submitted form or two coordinators at
one table cannot hand over more than a mother holds or inspect a handover twice:

- a handover adds to the claim's ``pending`` only while ``accepted + pending + n <= quantity``;
- an inspection is unique per handover (``inspection_once_per_handover``) and its earnings
  entry unique per inspection (``LedgerEntry.inspection``): earned **exactly once**;
- a correction is a new inspection pointing at the one it corrects (one each), whose entry
  carries only the difference.

Accepted pieces then move on: first to the purchase lines the order serves (oldest first), the
rest into the product's stock — both through the market's own services, which write its tables.

Each step locks in the site's one order (marketplace/locks.py): the production order, then the
claim, then the handover, then (in the market's services) the purchases and lines the order
serves, then the stock.
"""

import logging
from collections.abc import Mapping

from django.db import IntegrityError
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from marketplace.locks import atomic_with_retry
from marketplace.models import LineStatus, PurchaseLine
from marketplace.services.production_progress import lines_progress_record
from marketplace.services.stock import stock_add_made
from orders.exceptions import (
    AlreadyCorrected,
    AlreadyInspected,
    CorrectionNotPossible,
    HandoverNotPossible,
    HandoverStale,
    HandoverTooMany,
    InspectionDoesNotAddUp,
    UnknownReason,
)
from orders.fairwork.services.reported import minutes_check
from orders.locks import claim_lock, handover_lock
from orders.models import (
    Claim,
    ClaimStatus,
    EntryKind,
    Handover,
    Inspection,
    LedgerEntry,
    OrderStatus,
    ProductionOrder,
    Rejection,
    RejectionReason,
)
from orders.production.services.orders import order_transition
from orders.reporting.tallies import tallies_handover_add, tallies_result_replace

logger = logging.getLogger(__name__)

# Orders whose mothers may bring pieces: claims exist and the work is not over.
HANDOVER_STATUSES = (OrderStatus.OPEN, OrderStatus.FULLY_CLAIMED, OrderStatus.IN_PRODUCTION)


# Handover ------------------------------------------------------------------------------


@atomic_with_retry
def handover_record(
    *,
    claim: Claim,
    count: int,
    actor,
    note: str = "",
    seen: int | None = None,
    minutes_reported: int | None = None,
) -> Handover:
    """She brings ``count`` pieces of ``claim``; they await inspection. ``minutes_reported``:
    how long she says they took, when the coordinator asked her (optional).

    ``seen`` is the number of pieces the coordinator's page showed as handed over so far: if
    another handover was recorded since (a double-submitted form, a second tablet), the
    handover is refused as stale rather than counted twice."""
    minutes_check(minutes_reported)
    order, _locked = claim_lock(claim.pk)
    if seen is not None and seen != handed_so_far(claim.pk):
        raise HandoverStale
    if order.status not in HANDOVER_STATUSES:
        raise HandoverNotPossible
    if count < 1:
        raise HandoverTooMany(_left_to_hand(claim.pk))
    moved = Claim.objects.filter(
        pk=claim.pk,
        status=ClaimStatus.ACTIVE,
        accepted__lte=F("quantity") - F("pending") - count,
    ).update(pending=F("pending") + count)
    if not moved:
        current = Claim.objects.get(pk=claim.pk)
        if current.status != ClaimStatus.ACTIVE:
            raise HandoverNotPossible
        raise HandoverTooMany(current.to_make)
    handover = Handover.objects.create(
        claim_id=claim.pk,
        count=count,
        received_by=actor,
        note=note,
        minutes_reported=minutes_reported,
    )
    if order.status == OrderStatus.FULLY_CLAIMED:
        # Every piece has a maker and the first are in: claiming is over.
        order_transition(order=order, to=OrderStatus.IN_PRODUCTION)
    tallies_handover_add(handover=handover, claim=claim, order=order)
    return handover


def handed_so_far(claim_pk: int) -> int:
    """Every piece of the claim ever handed over (rework included)."""
    return Handover.objects.filter(claim_id=claim_pk).aggregate(total=Sum("count"))["total"] or 0


def _left_to_hand(claim_pk: int) -> int:
    return Claim.objects.get(pk=claim_pk).to_make


# Inspection ----------------------------------------------------------------------------


def _checked_result(
    *, order: ProductionOrder, count: int, accepted: int, rejections: Mapping[int, int]
) -> dict[RejectionReason, int]:
    """The rejections as reason → pieces, if the numbers add up and the reasons are the
    cooperative's own; raises otherwise."""
    rejections = {reason: pieces for reason, pieces in rejections.items() if pieces}
    if accepted < 0 or any(pieces < 0 for pieces in rejections.values()):
        raise InspectionDoesNotAddUp(count)
    if accepted + sum(rejections.values()) != count:
        raise InspectionDoesNotAddUp(count)
    reasons = RejectionReason.objects.filter(
        cooperative_id=order.cooperative_id, is_active=True
    ).in_bulk(list(rejections))
    if len(reasons) != len(rejections):
        raise UnknownReason
    return {reasons[pk]: pieces for pk, pieces in rejections.items()}


def inspection_record(
    *,
    handover: Handover,
    accepted: int,
    rejections: Mapping[int, int],
    actor,
    note: str = "",
    photo=None,
) -> Inspection:
    """Inspect ``handover`` once: ``accepted`` pieces plus ``rejections`` (reason id → pieces)
    must add up to what was handed over. Records the earnings and moves the accepted pieces
    on. A second inspection of the same handover raises AlreadyInspected."""
    try:
        return _inspection_record(
            handover=handover,
            accepted=accepted,
            rejections=rejections,
            actor=actor,
            note=note,
            photo=photo,
        )
    except IntegrityError as error:
        if Inspection.objects.filter(handover_id=handover.pk).exists():
            raise AlreadyInspected from error
        raise


@atomic_with_retry
def _inspection_record(*, handover, accepted, rejections, actor, note, photo) -> Inspection:
    order, handover = handover_lock(handover.pk)
    if Inspection.objects.filter(handover=handover).exists():
        raise AlreadyInspected
    claim = handover.claim
    reasons = _checked_result(
        order=order, count=handover.count, accepted=accepted, rejections=rejections
    )
    rejected = handover.count - accepted
    inspection = Inspection.objects.create(
        handover=handover,
        count=handover.count,
        accepted=accepted,
        rejected=rejected,
        note=note,
        photo=photo,
        inspected_by=actor,
    )
    _rejections_record(inspection, reasons)
    Claim.objects.filter(pk=claim.pk, pending__gte=handover.count).update(
        pending=F("pending") - handover.count,
        accepted=F("accepted") + accepted,
        rejected=F("rejected") + rejected,
    )
    claim_settle(claim.pk)
    entry = _earn(inspection=inspection, claim=claim, order=order, pieces=accepted, actor=actor)
    _pieces_move_on(order_pk=order.pk, delta=accepted)
    # Last, after every other lock of this transaction: the tallies' rows (their own order).
    tallies_result_replace(
        handover=handover, claim=claim, order=order, old=None, new=inspection, entry=entry
    )
    return inspection


def _rejections_record(inspection: Inspection, reasons: dict[RejectionReason, int]) -> None:
    Rejection.objects.bulk_create(
        Rejection(inspection=inspection, reason=reason, count=pieces)
        for reason, pieces in sorted(reasons.items(), key=lambda item: item[0].sort_order)
    )


def claim_settle(claim_pk: int) -> None:
    """done ⇄ active, as her accepted pieces say."""
    Claim.objects.filter(
        pk=claim_pk, status=ClaimStatus.ACTIVE, quantity__gt=0, accepted=F("quantity")
    ).update(status=ClaimStatus.DONE)
    Claim.objects.filter(pk=claim_pk, status=ClaimStatus.DONE, accepted__lt=F("quantity")).update(
        status=ClaimStatus.ACTIVE
    )


def _earn(
    *, inspection: Inspection, claim: Claim, order: ProductionOrder, pieces: int, actor
) -> LedgerEntry:
    """The inspection's earnings entry: its pieces × the order's rate, exactly once."""
    if inspection.is_correction:
        memo = _("Correction of the inspection of %(date)s") % {
            "date": inspection.corrects.inspected_at.date().isoformat()
        }
    else:
        memo = ""
    return LedgerEntry.objects.create(
        mother_id=claim.mother_id,
        cooperative_id=order.cooperative_id,
        kind=EntryKind.EARNING,
        amount=order.worth(pieces),
        currency=order.currency,
        inspection=inspection,
        memo=memo,
        created_by=actor,
    )


# Correction ----------------------------------------------------------------------------


def inspection_correct(
    *,
    inspection: Inspection,
    accepted: int,
    rejections: Mapping[int, int],
    actor,
    note: str,
) -> Inspection:
    """Put right the result of ``inspection`` (the latest of its chain) by a new, recorded
    result; its earnings entry carries only the difference. Nothing is edited."""
    try:
        return _inspection_correct(
            inspection=inspection, accepted=accepted, rejections=rejections, actor=actor, note=note
        )
    except IntegrityError as error:
        if Inspection.objects.filter(corrects_id=inspection.pk).exists():
            raise AlreadyCorrected from error
        raise


@atomic_with_retry
def _inspection_correct(*, inspection, accepted, rejections, actor, note) -> Inspection:
    order, handover = handover_lock(inspection.handover_id)
    previous = Inspection.objects.get(pk=inspection.pk)
    if Inspection.objects.filter(corrects=previous).exists():
        raise AlreadyCorrected
    if not note.strip():
        raise CorrectionNotPossible(_("Say why the result is corrected."))
    claim = handover.claim
    reasons = _checked_result(
        order=order, count=previous.count, accepted=accepted, rejections=rejections
    )
    before = dict(previous.rejections.values_list("reason_id", "count"))
    if accepted == previous.accepted and before == {r.pk: n for r, n in reasons.items()}:
        raise CorrectionNotPossible(_("That is the result already recorded."))
    delta = accepted - previous.accepted
    moved = Claim.objects.filter(
        pk=claim.pk, accepted__lte=F("quantity") - F("pending") - max(delta, 0)
    ).update(accepted=F("accepted") + delta, rejected=F("rejected") - delta)
    if not moved:
        raise CorrectionNotPossible(
            _("She has handed over more pieces since; inspect those before this correction.")
        )
    correction = Inspection.objects.create(
        handover=handover,
        corrects=previous,
        count=previous.count,
        accepted=accepted,
        rejected=previous.count - accepted,
        note=note.strip(),
        inspected_by=actor,
    )
    _rejections_record(correction, reasons)
    claim_settle(claim.pk)
    entry = _earn(inspection=correction, claim=claim, order=order, pieces=delta, actor=actor)
    _pieces_move_on(order_pk=order.pk, delta=delta)
    tallies_result_replace(
        handover=handover, claim=claim, order=order, old=previous, new=correction, entry=entry
    )
    return correction


# Where accepted pieces go --------------------------------------------------------------


def _pieces_move_on(*, order_pk: int, delta: int) -> None:
    """``delta`` more (or, after a correction, fewer) accepted pieces of the order: they fill
    the purchase lines it serves, oldest first, and the rest go into the product's stock; the
    order completes when every piece is accepted."""
    if delta:
        ProductionOrder.objects.filter(pk=order_pk).update(accepted=F("accepted") + delta)
    order = ProductionOrder.objects.get(pk=order_pk)
    lines_refresh(order)  # the purchases and their lines before the stock, as everywhere
    served = sum(lines_served(order_pk).values_list("quantity", flat=True))
    to_stock = max(0, order.accepted - served) - max(0, order.accepted - delta - served)
    if to_stock and not stock_add_made(product=order.product, pieces=to_stock):
        logger.warning(
            "order %s: %s corrected pieces had already left the stock", order_pk, -to_stock
        )
    if order.accepted == order.quantity and order.status != OrderStatus.COMPLETED:
        if order.status != OrderStatus.IN_PRODUCTION:
            order_transition(order=order, to=OrderStatus.IN_PRODUCTION)
        order_transition(order=order, to=OrderStatus.COMPLETED)
    elif order.accepted < order.quantity and order.status == OrderStatus.COMPLETED:
        order_transition(order=order, to=OrderStatus.IN_PRODUCTION)


def lines_served(order_pk: int):
    """The purchase lines an order makes, oldest first (a cancelled line no longer counts)."""
    return (
        PurchaseLine.objects.filter(production_orders=order_pk)
        .exclude(status=LineStatus.CANCELLED)
        .order_by("pk")
    )


def lines_refresh(order: ProductionOrder) -> None:
    """Tell the lines ``order`` serves how their making goes: the order's accepted pieces
    (the market fills the oldest line first) and how many mothers are making them."""
    makers = Claim.objects.filter(
        order_id=order.pk, quantity__gt=0, status__in=[ClaimStatus.ACTIVE, ClaimStatus.DONE]
    ).count()
    lines_progress_record(lines=lines_served(order.pk), made=order.accepted, makers=makers)
