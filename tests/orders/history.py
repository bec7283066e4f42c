"""A known history for the federation and "My month" tests: the work is done through the
services (claim, handover, inspection, correction, adjustment), then its timestamps are moved
to the China times a test names, so that every figure can be computed by hand."""

import datetime
import zoneinfo
from decimal import Decimal

from orders.models import Claim, Handover, Inspection, LedgerEntry
from orders.money.services.ledger import adjustment_record
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.orders.backdating import backdated, handovers_moved
from tests.orders.factories import RejectionReasonFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def china(*args) -> datetime.datetime:
    """An aware datetime at the given wall-clock time in Asia/Shanghai."""
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def claim(order, mother, quantity: int) -> Claim:
    return claim_set(order=order, mother=mother, quantity=quantity)


def _entries_at(when: datetime.datetime, **lookup) -> None:
    # LedgerEntry's own manager refuses update() (the ledger is append-only in the app); a
    # test that moves an entry in time goes round it through the plain base manager.
    backdated(LedgerEntry._base_manager.filter(**lookup), created_at=when)


def handover_at(claim: Claim, count: int, *, received: datetime.datetime, actor) -> Handover:
    handover = handover_record(claim=claim, count=count, actor=actor)
    handovers_moved(Handover.objects.filter(pk=handover.pk), received_at=received)
    return handover


def inspect_at(handover: Handover, *, accepted: int, when: datetime.datetime, actor) -> Inspection:
    """Inspect ``handover``: ``accepted`` pieces, the rest rejected as a loose knot; its
    result and earnings entry dated ``when``."""
    rejected = handover.count - accepted
    rejections = {}
    if rejected:
        cooperative = handover.claim.order.cooperative
        rejections = {RejectionReasonFactory(cooperative=cooperative).pk: rejected}
    inspection = inspection_record(
        handover=handover, accepted=accepted, rejections=rejections, actor=actor
    )
    backdated(Inspection.objects.filter(pk=inspection.pk), inspected_at=when)
    _entries_at(when, inspection=inspection)
    return inspection


def work_at(
    claim: Claim, count: int, *, accepted: int, received, inspected=None, actor
) -> Inspection:
    """She hands over ``count`` pieces at ``received``; inspected at ``inspected`` (the same
    moment unless said)."""
    handover = handover_at(claim, count, received=received, actor=actor)
    return inspect_at(handover, accepted=accepted, when=inspected or received, actor=actor)


def correct_at(inspection: Inspection, *, accepted: int, when, actor) -> Inspection:
    rejected = inspection.count - accepted
    reason = RejectionReasonFactory(cooperative=inspection.handover.claim.order.cooperative)
    correction = inspection_correct(
        inspection=inspection,
        accepted=accepted,
        rejections={reason.pk: rejected} if rejected else {},
        actor=actor,
        note="复检",
    )
    backdated(Inspection.objects.filter(pk=correction.pk), inspected_at=when)
    _entries_at(when, inspection=correction)
    return correction


def adjust_at(mother, amount: str, *, when, actor) -> LedgerEntry:
    entry = adjustment_record(mother=mother, amount=Decimal(amount), reason="奖励", actor=actor)
    _entries_at(when, pk=entry.pk)
    return entry


def entries_at(when: datetime.datetime, **lookup) -> None:
    """Move ledger entries (e.g. a payout's) to ``when``."""
    _entries_at(when, **lookup)
