"""Random histories for the reporting proofs: two cooperatives, their orders and mothers (one
woman a mother of both), and steps drawn by hypothesis — handovers, inspections with
rejection reasons, corrections, adjustments either way, payout runs paid, failed or left
pending, failed payouts given back — each recorded through the services and then moved to
an instant drawn from the awkward ones: 23:59, 00:00 and 00:01 in Shanghai, 15:59, 16:00 and
16:01 UTC, month and year ends, Sundays and Mondays, in any order (a result may be recorded
before its handover, a correction before what it corrects).

``history_make(steps)`` builds one and returns the ``World``. The services stamp every record
with the present (which none of them reads back), so the moves are gathered and made at the
end, one update per table, and the tallies then rebuilt (the moves rewrite history the way
only the tables' owner can).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, DateTimeField, Value, When

from hypothesis import strategies as st

from marketplace.models import Role
from orders.exceptions import CorrectionNotPossible, HandoverNotPossible, HandoverTooMany
from orders.models import (
    EntryKind,
    Handover,
    Inspection,
    LedgerEntry,
    Payout,
    PayoutStatus,
    ProductionOrder,
    RejectionReason,
)
from orders.money.services.ledger import AdjustmentRefused, adjustment_record
from orders.money.services.payouts import PayoutError, offline_paid, payout_fail, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.reporting.tallies import tallies_rebuild
from tests.factories import MembershipFactory
from tests.orders.backdating import backdated
from tests.orders.factories import MemberSkillFactory, ProductionOrderFactory, mother_for

CHINA = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC
D = datetime.date

DAYS = [
    D(2025, 12, 31),
    D(2026, 1, 1),
    D(2026, 1, 4),  # a Sunday
    D(2026, 1, 5),  # a Monday
    D(2026, 1, 31),
    D(2026, 2, 1),
    D(2026, 2, 28),
    D(2026, 3, 1),
    D(2026, 3, 16),
]


def _instants() -> list[datetime.datetime]:
    moments = []
    for day in DAYS:
        for hour, minute, zone in [
            (23, 59, CHINA),
            (0, 0, CHINA),
            (0, 1, CHINA),
            (12, 0, CHINA),
            (15, 59, UTC),
            (16, 0, UTC),
            (16, 1, UTC),
        ]:
            moments.append(datetime.datetime.combine(day, datetime.time(hour, minute), zone))
    return moments


INSTANTS = _instants()
# The window the ranges and "today"s are drawn from.
FIRST, LAST = D(2025, 12, 1), D(2026, 3, 31)

when = st.integers(0, len(INSTANTS) - 1)
pick = st.integers(0, 1_000)
step = st.one_of(
    st.tuples(st.just("hand"), pick, st.integers(1, 4), when),
    st.tuples(st.just("inspect"), pick, st.integers(0, 4), st.integers(0, 4), when),
    st.tuples(st.just("correct"), pick, st.integers(0, 4), st.integers(0, 4), when),
    st.tuples(st.just("adjust"), pick, st.integers(-3_000, 3_000), when),
    st.tuples(st.just("pay"), pick, st.sampled_from(["paid", "failed", "pending"]), when),
    st.tuples(st.just("fail"), pick, when),
)
steps = st.lists(step, min_size=3, max_size=25)


@dataclass
class World:
    orders: list[ProductionOrder]
    mothers: list  # Memberships
    claims: list = field(default_factory=list)
    reasons: dict[int, list[int]] = field(default_factory=dict)  # cooperative → reason pks
    # Where each record goes: model → {pk: instant}.
    moves: dict = field(default_factory=lambda: {Handover: {}, Inspection: {}, LedgerEntry: {}})

    def move(self, model, pks, at: datetime.datetime) -> None:
        self.moves[model].update(dict.fromkeys(pks, at))

    @property
    def cooperatives(self) -> list:
        return list({order.cooperative_id: order.cooperative for order in self.orders}.values())

    @property
    def users(self) -> list:
        return list({mother.user_id: mother.user for mother in self.mothers}.values())


def world_make() -> World:
    """Cooperative A: a small order (6 pieces, so it can complete) and a large one; B: one.
    A's first mother is also a mother of B (one woman, two memberships)."""
    small = ProductionOrderFactory(quantity=6, piece_rate=Decimal("3.50"))
    a = small.cooperative
    large = ProductionOrderFactory(
        cooperative=a, quantity=200, piece_rate=Decimal("2.25"), required_skill=small.required_skill
    )
    other = ProductionOrderFactory(quantity=100, piece_rate=Decimal("1.10"))
    mothers = [mother_for(small) for _ in range(3)] + [mother_for(other) for _ in range(2)]
    both = MembershipFactory(cooperative=other.cooperative, role=Role.MOTHER, user=mothers[0].user)
    MemberSkillFactory(membership=both, skill=other.required_skill)
    mothers.append(both)
    world = World(orders=[small, large, other], mothers=mothers)
    for mother in mothers[:3]:
        world.claims.append(claim_set(order=small, mother=mother, quantity=2))
        world.claims.append(claim_set(order=large, mother=mother, quantity=20))
    for mother in mothers[3:]:
        world.claims.append(claim_set(order=other, mother=mother, quantity=20))
    for coop in world.cooperatives:
        world.reasons[coop.pk] = list(
            RejectionReason.objects.filter(cooperative=coop)
            .order_by("pk")
            .values_list("pk", flat=True)[:2]
        )
    # Claimed while open; then made as old as the history (due dates inside the window).
    created = datetime.datetime(2025, 12, 1, 9, tzinfo=CHINA)
    dues = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 1, 4)]
    for order, due in zip(world.orders, dues, strict=True):
        ProductionOrder.objects.filter(pk=order.pk).update(due_date=due, created_at=created)
        order.refresh_from_db()
    return world


def _entries_moved(world: World, entries, at: datetime.datetime) -> None:
    world.move(LedgerEntry, [entry.pk for entry in entries], at)


def _result_moved(world: World, inspection: Inspection, at: datetime.datetime) -> None:
    world.move(Inspection, [inspection.pk], at)
    _entries_moved(world, LedgerEntry.objects.filter(inspection=inspection), at)


def _to(instants: dict) -> Case:
    return Case(
        *(When(pk=pk, then=Value(at)) for pk, at in instants.items()),
        output_field=DateTimeField(),
    )


def _moves_made(world: World) -> None:
    handovers, results, entries = (world.moves[m] for m in (Handover, Inspection, LedgerEntry))
    if handovers:
        Handover.objects.filter(pk__in=handovers).update(received_at=_to(handovers))
    if results:
        backdated(Inspection.objects.filter(pk__in=results), inspected_at=_to(results))
    if entries:
        backdated(LedgerEntry._base_manager.filter(pk__in=entries), created_at=_to(entries))


def _split(world: World, claim, pieces: int, accepted: int, second: int) -> tuple[int, dict]:
    """``pieces`` as accepted and rejected for the claim's cooperative's two reasons."""
    accepted = min(accepted, pieces)
    first, other = world.reasons[claim.order.cooperative_id]
    rejected = pieces - accepted
    second = min(second, rejected)
    rejections = {pk: n for pk, n in [(first, rejected - second), (other, second)] if n}
    return accepted, rejections


def _hand(world: World, which: int, count: int, at) -> None:
    claim = world.claims[which % len(world.claims)]
    try:
        handover = handover_record(claim=claim, count=count, actor=None)
    except (HandoverNotPossible, HandoverTooMany):  # her claim is used up, the order done
        return
    world.move(Handover, [handover.pk], at)


def _inspect(world: World, which: int, accepted: int, second: int, at) -> None:
    waiting = list(
        Handover.objects.filter(inspections__isnull=True, claim__in=world.claims)
        .select_related("claim__order")
        .order_by("pk")
    )
    if not waiting:
        return
    handover = waiting[which % len(waiting)]
    accepted, rejections = _split(world, handover.claim, handover.count, accepted, second)
    inspection = inspection_record(
        handover=handover, accepted=accepted, rejections=rejections, actor=None
    )
    _result_moved(world, inspection, at)


def _correct(world: World, which: int, accepted: int, second: int, at) -> None:
    current = list(
        Inspection.objects.filter(correction__isnull=True, handover__claim__in=world.claims)
        .select_related("handover__claim__order")
        .order_by("pk")
    )
    if not current:
        return
    inspection = current[which % len(current)]
    claim = inspection.handover.claim
    accepted, rejections = _split(world, claim, inspection.count, accepted, second)
    try:
        fixed = inspection_correct(
            inspection=inspection, accepted=accepted, rejections=rejections, actor=None, note="复查"
        )
    except CorrectionNotPossible:
        return
    _result_moved(world, fixed, at)


def _adjust(world: World, which: int, cents: int, at) -> None:
    mother = world.mothers[which % len(world.mothers)]
    try:
        entry = adjustment_record(
            mother=mother, amount=Decimal(cents) / 100, reason="奖励或扣款", actor=None
        )
    except AdjustmentRefused:
        return
    _entries_moved(world, [entry], at)


def _pay(world: World, which: int, fate: str, at) -> None:
    cooperative = world.cooperatives[which % len(world.cooperatives)]
    try:
        run = run_start(cooperative=cooperative, actor=None)
    except PayoutError:
        return
    for payout in Payout.objects.filter(run=run).order_by("pk"):
        _entries_moved(world, LedgerEntry.objects.filter(payout=payout), at)
        if fate == "paid":
            offline_paid(payout=payout, reference=f"WX-{payout.pk}", actor=None)
        elif fate == "failed":
            payout_fail(payout=payout, why="退回")
            _entries_moved(world, _reversal(payout), at)


def _fail(world: World, which: int, at) -> None:
    paid = list(
        Payout.objects.filter(mother__in=world.mothers, status=PayoutStatus.PAID).order_by("pk")
    )
    if not paid:
        return
    payout = paid[which % len(paid)]
    payout_fail(payout=payout, why="银行退回")
    _entries_moved(world, _reversal(payout), at)


def _reversal(payout: Payout):
    return LedgerEntry.objects.filter(payout=payout, kind=EntryKind.REVERSAL)


STEPS = {
    "hand": _hand,
    "inspect": _inspect,
    "correct": _correct,
    "adjust": _adjust,
    "pay": _pay,
    "fail": _fail,
}


def history_make(drawn: list[tuple]) -> World:
    """The world, with every drawn step recorded and moved to its instant."""
    world = world_make()
    for kind, *args, moment in drawn:
        STEPS[kind](world, *args, INSTANTS[moment])
    _moves_made(world)
    tallies_rebuild()
    return world
