"""Which ledger kinds count as earned and as paid: named once, on EntryKind."""

from orders.models import EntryKind


def test_every_kind_is_earned_or_paid_and_none_is_both():
    # A new kind must be placed on one side, or every figure would silently leave it out.
    assert set(EntryKind.EARNED) | set(EntryKind.PAID) == set(EntryKind)
    assert not set(EntryKind.EARNED) & set(EntryKind.PAID)


def test_earned_counts_work_and_adjustments_and_paid_counts_payouts_less_reversals():
    assert set(EntryKind.EARNED) == {EntryKind.EARNING, EntryKind.ADJUSTMENT}
    assert set(EntryKind.PAID) == {EntryKind.PAYOUT, EntryKind.REVERSAL}
