"""Balances and adjustments of the earnings ledger (append-only; see models/ledger.py).

A balance is always the database's sum of entries, never a stored number.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.exceptions import MarketError
from marketplace.locks import atomic_with_retry
from marketplace.models import Membership, Role
from marketplace.money import FEN, money_sum
from orders.locks import ledger_lock
from orders.models import EntryKind, LedgerEntry
from orders.reporting.tallies import tallies_entries_add

# No single bonus or deduction is this large: anything above is a slip of the keyboard.
LARGEST_ADJUSTMENT = Decimal("10000.00")


class AdjustmentRefused(MarketError):
    pass


def balance_of(mother: Membership) -> Decimal:
    return LedgerEntry.objects.filter(mother=mother).aggregate(total=money_sum())["total"]


def balance_parts(entries) -> dict:
    """earned, adjusted, paid (positive) and balance of a set of entries, in one query."""
    return entries.aggregate(
        earned=money_sum(filter=Q(kind=EntryKind.EARNING)),
        adjusted=money_sum(filter=Q(kind=EntryKind.ADJUSTMENT)),
        paid=-money_sum(filter=Q(kind__in=EntryKind.PAID)),
        balance=money_sum(),
    )


@atomic_with_retry
def adjustment_record(*, mother: Membership, amount: Decimal, reason: str, actor) -> LedgerEntry:
    """A bonus (positive) or deduction (negative) for ``mother``, with a reason and who made
    it. A deduction may not take her balance below zero: money already paid stays paid."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise AdjustmentRefused(_("Say why: the mother sees this reason on her statement."))
    if amount == 0:
        raise AdjustmentRefused(_("An adjustment of ¥0.00 changes nothing."))
    if abs(amount) > LARGEST_ADJUSTMENT:
        raise AdjustmentRefused(
            _("An adjustment above ¥%(most)s is surely a slip; record it in parts if it is not.")
            % {"most": f"{LARGEST_ADJUSTMENT:,}"}
        )
    if amount != amount.quantize(FEN):
        raise AdjustmentRefused(_("Amounts are in yuan with at most two decimals."))
    if mother.role != Role.MOTHER:
        raise AdjustmentRefused(_("Adjustments are for mothers only."))
    # Under her cooperative's lock too: a payout run starting now cannot pay out what this
    # deduction takes, nor this deduction take what the run pays.
    ledger_lock(mother)
    if amount < 0 and balance_of(mother) + amount < 0:
        raise AdjustmentRefused(
            _("This deduction is more than her balance of ¥%(balance)s.")
            % {"balance": balance_of(mother)}
        )
    entry = LedgerEntry.objects.create(
        mother=mother,
        cooperative_id=mother.cooperative_id,
        kind=EntryKind.ADJUSTMENT,
        amount=amount,
        memo=reason[:200],
        created_by=actor,
    )
    tallies_entries_add(entries=[entry])
    return entry
