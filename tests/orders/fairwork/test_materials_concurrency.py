"""Twelve kits of cord and tassels issued at the same moment from stock for five: exactly five
go out, the stock ends at zero, never below, and no transaction deadlocks.

Real threads, each on its own connection, through the real service; on SQLite (IMMEDIATE
transactions queue every writer) and on PostgreSQL (``bin/with-postgres``), where the row
locks in pk order are what keeps it exact.
"""

from decimal import Decimal

import pytest

from orders.exceptions import NotEnoughMaterial
from orders.fairwork.services.materials import kit_issue, stock_receive
from orders.models import Claim, Material, MaterialMovement, MovementKind
from tests.orders.factories import ClaimFactory, MaterialFactory, knot_order
from tests.threads import Race

KITS = 12
STOCK_FOR = 5


def _issue(claim_pk: int, amounts: dict):
    return lambda: kit_issue(claim=Claim.objects.get(pk=claim_pk), amounts=amounts, actor=None)


@pytest.mark.django_db(transaction=True)
def test_twelve_kits_from_stock_for_five(cooperative):
    # given two materials with stock for five kits, and twelve claims, each on an order of
    # its own (so no order's lock queues them: only the materials' locks can)
    cord = MaterialFactory(cooperative=cooperative, on_hand=Decimal(2 * STOCK_FOR))
    tassels = MaterialFactory(cooperative=cooperative, unit="pcs", on_hand=Decimal(STOCK_FOR))
    claims = [ClaimFactory(order=knot_order(cooperative), quantity=1) for _ in range(KITS)]
    race = Race()
    # half name the materials one way round, half the other: the locks are taken in pk order
    # whatever the caller's order, so nobody waits in a circle
    ways = [{cord.pk: Decimal(2), tassels.pk: Decimal(1)}, {tassels.pk: Decimal(1), cord.pk: 2}]
    for index, claim in enumerate(claims):
        amounts = {pk: Decimal(amount) for pk, amount in ways[index % 2].items()}
        race.add([_issue(claim.pk, amounts)], list, NotEnoughMaterial)
    # and stock received at the same time, which waits for the same row locks
    race.add([lambda: stock_receive(material=cord, amount=Decimal("0.5"), actor=None)], object)

    # when they all go at once
    outcomes = race.run()

    # then exactly five kits went out, and the stock is what the movements say
    assert outcomes["list"] == STOCK_FOR
    assert outcomes["NotEnoughMaterial"] == KITS - STOCK_FOR
    issued = MaterialMovement.objects.filter(kind=MovementKind.ISSUED)
    assert issued.values("claim").distinct().count() == STOCK_FOR
    assert Material.objects.get(pk=tassels.pk).on_hand == 0
    assert Material.objects.get(pk=cord.pk).on_hand == Decimal("0.5")
