"""Reads of "My money" (/work/money/): what she earned, what awaits inspection, what was paid
to her and what she is owed, per cooperative; her ledger entries, each traceable to its
claim, reason or payout; and her payouts.

Every read starts from her own user, through her mother memberships (active or not: a
former mother still sees and confirms her money), so anyone else's payout is simply not
found; sums are the database's, and the page takes the same number of queries however many
entries or payouts it shows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from marketplace.models import Cooperative
from marketplace.money import NO_MONEY, money_sum
from marketplace.selectors import mother_memberships
from orders.dates import midnight, month_first
from orders.models import (
    Claim,
    EntryKind,
    LedgerEntry,
    Payout,
    PayoutStatus,
    claim_worth,
    way_label,
)

# Her latest payouts, each with "I received it" and "Report a problem"; older ones stay on
# her statement below them.
PAYOUTS_SHOWN = 12


def ever_mother(user) -> bool:
    """She is, or was, a mother of some cooperative."""
    return mother_memberships(user, former_too=True).exists()


def _hers(user) -> Q:
    return Q(mother__in=mother_memberships(user, former_too=True))


@dataclass(frozen=True)
class Money:
    """Her money with one cooperative. ``paid`` counts what is on its way too (the payout is
    written before the money moves), ``on_its_way`` is that part; ``balance`` is what she is
    owed now, for the next payout run."""

    cooperative: Cooperative
    month: Decimal
    earned: Decimal
    adjusted: Decimal
    paid: Decimal
    on_its_way: Decimal
    balance: Decimal
    waiting_pieces: int
    waiting_value: Decimal


def her_money(*, user) -> list[Money]:
    """Her money per cooperative she has entries or pieces awaiting inspection with, by the
    cooperative's name: three queries."""
    month_start = midnight(month_first(timezone.localdate()))
    ledger = {
        row["cooperative_id"]: row
        for row in LedgerEntry.objects.filter(_hers(user))
        .order_by()
        .values("cooperative_id")
        .annotate(
            month=money_sum(filter=Q(kind=EntryKind.EARNING, created_at__gte=month_start)),
            earned=money_sum(filter=Q(kind=EntryKind.EARNING)),
            adjusted=money_sum(filter=Q(kind=EntryKind.ADJUSTMENT)),
            paid=-money_sum(filter=Q(kind__in=EntryKind.PAID)),
            on_its_way=-money_sum(
                filter=Q(kind=EntryKind.PAYOUT, payout__status=PayoutStatus.PENDING)
            ),
            balance=money_sum(),
        )
    }
    waiting = {
        row["order__cooperative_id"]: row
        for row in Claim.objects.filter(_hers(user), pending__gt=0)
        .order_by()
        .values("order__cooperative_id")
        .annotate(
            pieces=Sum("pending"),
            value=money_sum(claim_worth("pending")),
        )
    }
    cooperatives = Cooperative.objects.in_bulk(set(ledger) | set(waiting))
    moneys = [_money(coop, ledger.get(pk), waiting.get(pk)) for pk, coop in cooperatives.items()]
    return sorted(moneys, key=lambda money: (money.cooperative.name, money.cooperative.pk))


def _money(cooperative: Cooperative, ledger: dict | None, waiting: dict | None) -> Money:
    zero = NO_MONEY
    ledger = ledger or {}
    waiting = waiting or {}
    return Money(
        cooperative=cooperative,
        month=ledger.get("month", zero),
        earned=ledger.get("earned", zero),
        adjusted=ledger.get("adjusted", zero),
        paid=ledger.get("paid", zero),
        on_its_way=ledger.get("on_its_way", zero),
        balance=ledger.get("balance", zero),
        waiting_pieces=waiting.get("pieces", 0),
        waiting_value=waiting.get("value", zero),
    )


def her_entries(*, user) -> QuerySet[LedgerEntry]:
    """Her entries, newest first, each with its cooperative and what it stands for: the
    inspected handover, its claim and order's product, or the payout and its run."""
    return (
        LedgerEntry.objects.filter(_hers(user))
        .select_related(
            "cooperative",
            "inspection__handover__claim__order__product",
            "payout__run",
        )
        .order_by("-created_at", "-pk")
    )


def her_payouts(*, user, limit: int = PAYOUTS_SHOWN) -> list[Payout]:
    """Her latest payouts, newest run first, each with its run, cooperative and ``way``."""
    payouts = list(
        Payout.objects.filter(_hers(user))
        .select_related("run__cooperative")
        .order_by("-run__cutoff", "-pk")[:limit]
    )
    for payout in payouts:
        payout.way = way_label(rail=payout.rail, method=payout.method)
    return payouts


def her_payout(*, user, payout_id: int) -> Payout | None:
    """One of her own payouts, or None (anyone else's, or unknown)."""
    return Payout.objects.filter(_hers(user), pk=payout_id).select_related("run").first()
