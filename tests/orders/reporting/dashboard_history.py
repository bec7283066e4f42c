"""The known history of the dashboard tests (tests/orders/reporting/test_dashboard.py tells it
entry by entry), recorded through the services and then moved to its China times."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from marketplace.models import Purchase, PurchaseLine, Role
from orders.dates import day_end
from orders.models import Handover, Inspection, LedgerEntry, Payout
from orders.money.services.ledger import adjustment_record
from orders.money.services.payouts import offline_paid, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.factories import MembershipFactory, ProductFactory, paid_purchase
from tests.orders.backdating import backdated, handovers_moved
from tests.orders.factories import ProductionOrderFactory, RejectionReasonFactory, mother_for

CHINA = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=12, minute=0, second=0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=CHINA)


def backdate(entry: LedgerEntry, when) -> None:
    """LedgerEntry's own manager refuses update() (the ledger is append-only, by design) and
    auto_now_add stamps the present; only a test may move an entry in time, through the plain
    base manager."""
    backdated(LedgerEntry._base_manager.filter(pk=entry.pk), created_at=when)


def hand(claim, *, accepted, rejections=None, actor, when):
    """A handover received at ``when`` and inspected then, with its earning at ``when``."""
    rejections = rejections or {}
    handover = handover_record(claim=claim, count=accepted + sum(rejections.values()), actor=actor)
    handovers_moved(Handover.objects.filter(pk=handover.pk), received_at=when)
    inspection = inspection_record(
        handover=handover, accepted=accepted, rejections=rejections, actor=actor
    )
    return moved(inspection, when)


def moved(inspection, when):
    backdated(Inspection.objects.filter(pk=inspection.pk), inspected_at=when)
    backdate(LedgerEntry.objects.get(inspection=inspection), when)
    return inspection


def purchase(product, quantity, *, when, refunded="0.00"):
    bought = paid_purchase((product, quantity))
    Purchase.objects.filter(pk=bought.pk).update(paid_at=when)
    PurchaseLine.objects.filter(purchase=bought).update(refunded_amount=Decimal(refunded))


class History:
    def __init__(self):
        self.knots = ProductionOrderFactory(
            quantity=20,
            piece_rate=Decimal("3.50"),
            product__name="红色中国结",
            product__name_en="Red knot",
        )
        coop = self.cooperative = self.knots.cooperative
        self.buns = ProductionOrderFactory(
            cooperative=coop,
            product=ProductFactory(cooperative=coop, name="福字花饽饽", name_en="Lucky bun"),
            quantity=10,
            piece_rate=Decimal("2.00"),
            required_skill=self.knots.required_skill,
        )
        type(self.knots).objects.filter(pk__in=[self.knots.pk, self.buns.pk]).update(
            created_at=at(1, 5, 9)
        )
        loose = RejectionReasonFactory(cooperative=coop, code="loose-knot").pk
        colour = RejectionReasonFactory(
            cooperative=coop, code="wrong-colour", name="颜色不对", name_en="Wrong colour"
        ).pk
        self.wang = mother_for(self.knots)
        self.wang.user.first_name, self.wang.user.last_name = "秀兰", "王"
        self.wang.user.save()
        self.li = mother_for(self.knots)
        self.li.user.first_name, self.li.user.last_name = "桂芳", "李"
        self.li.user.save()
        self.coordinator = MembershipFactory(cooperative=coop, role=Role.COORDINATOR)
        actor = self.coordinator.user
        wang_k = claim_set(order=self.knots, mother=self.wang, quantity=12)
        li_k = claim_set(order=self.knots, mother=self.li, quantity=8)
        wang_b = claim_set(order=self.buns, mother=self.wang, quantity=10)
        # Claimed while open; the due dates are set back after (claims refuse past-due orders).
        Order = type(self.knots)
        Order.objects.filter(pk=self.knots.pk).update(due_date=datetime.date(2026, 1, 31))
        Order.objects.filter(pk=self.buns.pk).update(due_date=datetime.date(2026, 2, 10))

        first = hand(wang_k, accepted=8, rejections={loose: 2}, actor=actor, when=at(1, 10, 10))
        fixed = inspection_correct(
            inspection=first, accepted=9, rejections={loose: 1}, actor=actor, note="复查"
        )
        moved(fixed, at(1, 20, 9))
        bonus = adjustment_record(
            mother=self.li, amount=Decimal("15.00"), reason="奖励", actor=actor
        )
        backdate(bonus, at(1, 25))
        hand(li_k, accepted=6, rejections={colour: 2}, actor=actor, when=at(1, 31, 23, 59, 59))
        hand(wang_b, accepted=10, actor=actor, when=at(2, 1, 0, 0))
        hand(wang_k, accepted=2, actor=actor, when=at(2, 3, 10))

        product = self.knots.product
        purchase(product, 2, when=at(1, 31, 23))
        purchase(product, 1, when=at(2, 1, 0, 30), refunded="10.00")

        run = run_start(cooperative=coop, cutoff=day_end(datetime.date(2026, 1, 31)), actor=actor)
        for payout in Payout.objects.filter(run=run):
            backdate(LedgerEntry.objects.get(payout=payout), at(2, 5, 10))
            offline_paid(payout=payout, reference=f"WX-{payout.pk}", actor=actor)
