"""Reads of the coordinator's roster: her cooperatives' mothers, each with her account and
skills, and who may hold a login card.

Every read starts from the cooperatives the coordinator coordinates, so another cooperative's
membership, or a coordinator's, is simply not found whatever its id.
"""

from django.db.models import Prefetch, Q, QuerySet

from marketplace.models import Membership, Role
from marketplace.selectors import coordinator_cooperatives
from orders.models import MemberSkill

# No membership id is this large; a longer number in the address is nobody's.
LARGEST_ID = 2**63 - 1


def mothers_for_coordinator(
    *, user, cooperative_id: int | None = None, query: str = ""
) -> QuerySet[Membership]:
    """The mother memberships, active or not, of the cooperatives ``user`` coordinates, with
    their account, cooperative and skills (three queries however many); by cooperative, the
    active first, then by name. Only ``cooperative_id``'s when given; only those whose name
    or phone contains ``query`` when given."""
    memberships = Membership.objects.filter(
        role=Role.MOTHER, cooperative__in=coordinator_cooperatives(user)
    )
    if cooperative_id is not None:
        memberships = memberships.filter(cooperative_id=cooperative_id)
    if query:
        memberships = memberships.filter(
            Q(user__first_name__icontains=query) | Q(user__username__contains=query)
        )
    skills = MemberSkill.objects.select_related("skill").order_by("skill__name")
    return (
        memberships.select_related("user", "cooperative")
        .prefetch_related(Prefetch("skills", queryset=skills))
        .order_by(
            "cooperative__name", "cooperative_id", "-is_active", "user__first_name", "user_id"
        )
    )


def mother_for_coordinator(*, user, membership_id: int) -> Membership | None:
    """One mother membership of her cooperatives, or None (another cooperative's, a
    coordinator's, or unknown)."""
    if not 0 < membership_id <= LARGEST_ID:
        return None
    return mothers_for_coordinator(user=user).filter(pk=membership_id).first()


def account_is_protected(user) -> bool:
    """Staff, or a coordinator (now or once) of any cooperative: an account no coordinator may
    rename, give a password or sign in by a card, so that nobody takes over a coordinator's or
    the site staff's account by registering it as a mother."""
    return (
        user.is_staff
        or user.is_superuser
        or Membership.objects.filter(user_id=user.pk, role=Role.COORDINATOR).exists()
    )


def login_card_allowed(user) -> bool:
    """Whether a login card may sign ``user`` in: an active account, an active mother of some
    cooperative, and not a protected account (a card must never open a coordinator's or a
    staff member's session)."""
    return (
        user.is_active
        and not account_is_protected(user)
        and Membership.objects.filter(user_id=user.pk, role=Role.MOTHER, is_active=True).exists()
    )
