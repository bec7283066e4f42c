"""Helpers of the payout and "My money" view tests: money is made only through the services
(claim, handover, inspection, adjustment, payout run), never written into the ledger by hand.
"""

from django.urls import reverse
from django.utils import timezone, translation

from marketplace import stripe_gateway
from marketplace.models import Membership, Role
from orders.models import Claim, OfflineMethod, PayoutProfile, ProductionOrder, Rail
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from tests.factories import MembershipFactory
from tests.orders.factories import RejectionReasonFactory, mother_for

TODAY = timezone.localdate


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def said(response) -> list[str]:
    """The flash messages on the page a redirect led to, or on the page itself."""
    return [str(message) for message in response.context["messages"]]


def coordinator_of(order: ProductionOrder) -> Membership:
    return MembershipFactory(cooperative=order.cooperative, role=Role.COORDINATOR)


def earn(
    order: ProductionOrder, mother: Membership, *, accepted: int, rejected: int = 0, actor
) -> Claim:
    """She claims, hands over and gets inspected ``accepted`` + ``rejected`` pieces more of
    ``order``: her earnings entry is ``accepted`` × the order's rate."""
    claim = Claim.objects.filter(order=order, mother=mother).first()
    held = claim.quantity if claim else 0
    claim = claim_set(order=order, mother=mother, quantity=held + accepted + rejected)
    handover = handover_record(claim=claim, count=accepted + rejected, actor=actor)
    rejections = {}
    if rejected:
        reason = RejectionReasonFactory(cooperative=order.cooperative)
        rejections = {reason.pk: rejected}
    inspection_record(handover=handover, accepted=accepted, rejections=rejections, actor=actor)
    return claim


def earning_mother(order, *, accepted: int, actor, name: str = "", **profile) -> Membership:
    """A new mother of ``order``'s cooperative who earned ``accepted`` × rate; paid as
    ``profile`` says (offline cash when nothing is said)."""
    mother = mother_for(order)
    if name:
        mother.user.first_name = name
        mother.user.save(update_fields=["first_name"])
    if profile:
        PayoutProfile.objects.create(membership=mother, **profile)
    earn(order, mother, accepted=accepted, actor=actor)
    return mother


def stripe_profile(account: str) -> dict:
    return {"rail": Rail.STRIPE, "stripe_account_id": account}


def bank_profile(*, bank: str, holder: str, number: str) -> dict:
    return {
        "rail": Rail.OFFLINE,
        "method": OfflineMethod.BANK,
        "bank_name": bank,
        "account_name": holder,
        "account_number": number,
    }


class FakeTransfers:
    """Stands in for ``stripe_gateway.transfer_create`` in view tests. The real HTTP path
    (idempotency keys, refusals, a resumed run) is covered by tests/orders/test_payouts.py
    against a fake Stripe server; here it only has to answer like the gateway does."""

    def __init__(self, *, fail: Exception | None = None):
        self.fail = fail
        self.calls: list[dict] = []

    def __call__(self, **kwargs) -> stripe_gateway.Transfer:
        self.calls.append(kwargs)
        if self.fail is not None:
            raise self.fail
        amount = stripe_gateway.to_minor_units(kwargs["amount"], kwargs["currency"])
        return stripe_gateway.Transfer(
            id=f"tr_{kwargs['idempotency_key']}",
            amount=amount,
            currency=kwargs["currency"].lower(),
            destination=kwargs["destination"],
        )
