"""Memberships: a user's place in a cooperative, as mother or coordinator.

``orders`` registers mothers and answers their invitations; it changes memberships only
through these functions, the market's own (the app border of DESIGN.md).
"""

from marketplace.models import Cooperative, Membership, Role


def membership_ensure(*, user, cooperative: Cooperative, role: Role) -> Membership:
    """``user``'s membership of ``cooperative``: the one she has, whatever its role and
    whether active or not, or else a new active one as ``role``. The caller judges the role
    of the one returned."""
    membership, _created = Membership.objects.get_or_create(
        user=user, cooperative=cooperative, defaults={"role": role}
    )
    return membership


def membership_active_set(*, membership: Membership, active: bool, role: Role) -> bool:
    """(De)activate ``membership`` while it still has ``role``: one conditional UPDATE, so a
    membership made something else meanwhile is left alone (returns False)."""
    changed = Membership.objects.filter(pk=membership.pk, role=role).update(is_active=active)
    if changed:
        membership.is_active = active
    return bool(changed)
