"""Helpers of the payout and "My money" view tests: money is made only through the services
(claim, handover, inspection, adjustment, payout run: tests/orders/factories.py), never
written into the ledger by hand.
"""

from django.utils import timezone

from marketplace import stripe_gateway
from marketplace.models import Membership
from orders.models import LedgerEntry, OfflineMethod, Payout, Rail
from tests.orders.factories import PayoutProfileFactory, earn, mother_for
from tests.pages import en

TODAY = timezone.localdate
CUTOFF = TODAY  # a run up to today pays what was recorded up to the moment of its preview


def earning_mother(order, *, accepted: int, actor, name: str = "", **profile) -> Membership:
    """A new mother of ``order``'s cooperative who earned ``accepted`` × rate; paid as
    ``profile`` says (offline cash when nothing is said)."""
    mother = mother_for(order)
    if name:
        mother.user.first_name = name
        mother.user.save(update_fields=["first_name"])
    if profile:
        PayoutProfileFactory(membership=mother, **profile)
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
    (idempotency keys, refusals, a resumed run) is covered by tests/orders/money/test_payouts.py
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


def preview(client, cooperative, **query):
    """The preview page of a run up to now (or ``cutoff=`` an earlier day)."""
    return client.get(en("co_payout_preview"), {"cooperative": cooperative.pk, **query})


def confirmation(page) -> dict:
    """What the preview ``page``'s "Pay" form sends: the moment and the fingerprint of what
    it showed (no account holder vouched for)."""
    shown = page.context["preview"]
    return {
        "cooperative": shown.cooperative.pk,
        "cutoff": shown.cutoff.isoformat(),
        "expected": shown.fingerprint,
    }


def start(client, cooperative, *, seen=None, **fields):
    """The coordinator confirms the run she previewed (the page ``seen``, or a preview
    made now), with ``fields`` sent in place of, or besides, the form's own (``coop=`` for
    its cooperative)."""
    page = seen or preview(client, cooperative)
    if "coop" in fields:
        fields["cooperative"] = fields.pop("coop")
    return client.post(en("co_payout_preview"), confirmation(page) | fields)


def payout_of(run, mother) -> Payout:
    return Payout.objects.get(run=run, mother=mother)


def entries() -> int:
    """How many ledger entries there are, everyone's."""
    return LedgerEntry.objects.count()
