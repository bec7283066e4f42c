"""How each mother is paid (her PayoutProfile): the coordinator keeps her details, and sets
up her Stripe account for transfers.

A payout copies these details when its run starts, so changing them later never rewrites
what a past payout was sent to.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import stripe_gateway as gateway
from marketplace.exceptions import MarketError
from marketplace.models import Membership
from orders.models import PayoutProfile


def payout_profile_of(membership: Membership) -> PayoutProfile:
    """Her details, or unsaved defaults (offline, cash) while she has none."""
    profile = PayoutProfile.objects.filter(membership_id=membership.pk).first()
    return profile or PayoutProfile(membership=membership)


@transaction.atomic
def payout_profile_update(
    *,
    membership: Membership,
    rail: str,
    method: str,
    account_name: str,
    account_number: str,
    bank_name: str,
) -> PayoutProfile:
    """Keep how ``membership`` is paid; her Stripe account, if any, stays as it is."""
    profile, _created = PayoutProfile.objects.select_for_update().get_or_create(
        membership=membership
    )
    profile.rail = rail
    profile.method = method
    profile.account_name = account_name
    profile.account_number = account_number
    profile.bank_name = bank_name
    profile.save()
    return profile


def stripe_onboarding_link(*, membership: Membership, refresh_url: str, return_url: str) -> str:
    """The address of Stripe's onboarding for her connected account, creating the account
    first if she has none. The creation's idempotency key is derived from the membership, so
    a double click or a retry after a lost answer gets the same account, never a second.
    Raises GatewayError when Stripe cannot be reached (what was saved stays saved)."""
    profile, _created = PayoutProfile.objects.get_or_create(membership=membership)
    account = profile.stripe_account_id
    if not account:
        account = gateway.connected_account_create(
            email=membership.user.email, idempotency_key=f"mamagang-account-{membership.pk}"
        )
        PayoutProfile.objects.filter(pk=profile.pk, stripe_account_id="").update(
            stripe_account_id=account, updated_at=timezone.now()
        )
        account = PayoutProfile.objects.get(pk=profile.pk).stripe_account_id
    return gateway.account_link_create(
        account=account, refresh_url=refresh_url, return_url=return_url
    )


class HolderNotDifferent(MarketError):
    pass


@transaction.atomic
def payout_holder_confirm(*, membership: Membership, actor) -> PayoutProfile:
    """``actor`` says that the account in someone else's name is right for ``membership``
    (her husband's, say): her payouts may go to it, until its holder or number changes."""
    profile = PayoutProfile.objects.select_for_update().filter(membership=membership).first()
    if profile is None or not profile.holder_differs:
        raise HolderNotDifferent(_("Her payout details name her: there is nothing to confirm."))
    profile.holder_confirmed_for = profile.holder_key
    profile.holder_confirmed_by = actor
    profile.holder_confirmed_at = timezone.now()
    profile.save(
        update_fields=["holder_confirmed_for", "holder_confirmed_by", "holder_confirmed_at"]
    )
    return profile
