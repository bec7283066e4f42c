"""The levels of the lock order (marketplace/locks.py) that are production's and the ledger's.

Each function takes its rows top to bottom, parents first, through ``lock_rows``; a caller
that needs more takes the next level down after it (e.g. ``handover_lock`` and then the
purchases the order serves).
"""

from marketplace.locks import cooperative_lock, lock_row, lock_rows
from marketplace.models import Membership
from orders.models import Claim, Handover, Material, Payout, PayoutRun, ProductionOrder


def production_order_lock(pk: int) -> ProductionOrder:
    return lock_row(ProductionOrder.objects.select_related("cooperative").filter(pk=pk))


def claims_lock(order: ProductionOrder, *conditions, **filters) -> list[Claim]:
    """The order's claims (those matching the filter arguments); lock the order first."""
    return lock_rows(Claim.objects.filter(*conditions, order=order, **filters))


def her_claim_lock(order: ProductionOrder, mother: Membership, **defaults) -> Claim:
    """Her claim on ``order``, made with ``defaults`` if she has none yet; lock the order
    first (its lock is what queues two first claims of hers)."""
    claims = Claim.objects.select_for_update(no_key=True, of=("self",))
    claim, _created = claims.get_or_create(order=order, mother=mother, defaults=defaults)
    return claim


def claim_lock(claim_pk: int) -> tuple[ProductionOrder, Claim]:
    """A claim, locked after its production order."""
    order_pk = Claim.objects.values_list("order_id", flat=True).get(pk=claim_pk)
    order = production_order_lock(order_pk)
    return order, lock_row(Claim.objects.filter(pk=claim_pk))


def handover_lock(handover_pk: int) -> tuple[ProductionOrder, Handover]:
    """A handover (with its claim), locked after its production order and its claim."""
    claim_pk = Handover.objects.values_list("claim_id", flat=True).get(pk=handover_pk)
    order, claim = claim_lock(claim_pk)
    handover = lock_row(Handover.objects.filter(pk=handover_pk))
    handover.claim = claim
    return order, handover


def ledger_lock(mother: Membership) -> Membership:
    """Her balance, for a change that must see it whole: her cooperative (where payout runs
    start) and then her membership row, which stands for her ledger."""
    cooperative_lock(mother.cooperative_id)
    return lock_row(Membership.objects.filter(pk=mother.pk))


def payout_lock(payout_pk: int) -> Payout:
    """A payout, locked after its run."""
    run_pk = Payout.objects.values_list("run_id", flat=True).get(pk=payout_pk)
    lock_row(PayoutRun.objects.filter(pk=run_pk))
    return lock_row(Payout.objects.filter(pk=payout_pk))


def materials_lock(pks, *, cooperative_id: int) -> list[Material]:
    """The cooperative's materials among ``pks``, whose stock is about to move, in pk order:
    the last level under a claim (a kit issued or returned locks its order and claim first),
    or alone (stock received or adjusted)."""
    return lock_rows(Material.objects.filter(pk__in=list(pks), cooperative_id=cooperative_id))
