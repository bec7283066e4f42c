"""Reads of the coordinator's roster: her cooperatives' mothers, each with her account and
skills, whose account she may manage, who may hold a login card; and the invitations a
coordinator has sent and a woman has received.

Every read starts from the cooperatives the coordinator coordinates, so another cooperative's
membership, or a coordinator's, is simply not found whatever its id.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from marketplace.listing import phone_digits
from marketplace.models import Membership, Role
from marketplace.selectors import coordinated_mothers, coordinator_cooperatives
from orders.models import InvitationStatus, MembershipInvitation, MemberSkill, Skill

# How long the roster tells the coordinator that a woman declined her invitation.
DECLINED_SHOWN = datetime.timedelta(days=30)


def mothers_for_coordinator(
    *, user, cooperative_id: int | None = None, query: str = ""
) -> QuerySet[Membership]:
    """The mother memberships, active or not, of the cooperatives ``user`` coordinates, with
    their account, cooperative and skills (three queries however many); by cooperative, the
    active first, then by name. Only ``cooperative_id``'s when given; only those whose name
    or phone contains ``query`` when given."""
    memberships = coordinated_mothers(user)
    if cooperative_id is not None:
        memberships = memberships.filter(cooperative_id=cooperative_id)
    if query:
        # A phone typed with spaces or +86 is still her number (her username).
        digits = phone_digits(query) or query
        memberships = memberships.filter(
            Q(user__first_name__icontains=query) | Q(user__username__contains=digits)
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
    return mothers_for_coordinator(user=user).filter(pk=membership_id).first()


def account_is_protected(user) -> bool:
    """Staff, superuser, a coordinator (now or once) of any cooperative, or an account given
    any group or permission (the women's federation's, say): an account no coordinator may
    rename, give a password or sign in by a card, so that nobody takes over a coordinator's,
    the federation's or the site staff's account by registering it as a mother."""
    return (
        user.is_staff
        or user.is_superuser
        or Membership.objects.filter(user_id=user.pk, role=Role.COORDINATOR).exists()
        or _holds_permissions(user)
    )


def _holds_permissions(user) -> bool:
    return (
        get_user_model()
        .objects.filter(Q(groups__isnull=False) | Q(user_permissions__isnull=False), pk=user.pk)
        .exists()
    )


def account_is_cooperatives_alone(*, membership: Membership) -> bool:
    """Whether the account of ``membership`` (a mother's) belongs to its cooperative alone:
    no other membership (of another cooperative, active or not, or a coordinator's) and not
    protected. Only then may that cooperative's coordinators rename it, set its password or
    print its login card: an account shared with another cooperative is its holder's to
    manage, or either cooperative's coordinator could sign in as her and see the other's."""
    user = membership.user
    anything_else = Membership.objects.filter(user_id=user.pk).exclude(
        cooperative_id=membership.cooperative_id, role=Role.MOTHER
    )
    return not (
        user.is_staff or user.is_superuser or anything_else.exists() or _holds_permissions(user)
    )


def login_card_allowed(user) -> bool:
    """Whether a login card may sign ``user`` in: an active account whose one membership is
    an active mother's, of a cooperative it belongs to alone. Checked again at sign-in, so a
    card printed before she joined a second cooperative (or became a coordinator) no longer
    opens her account."""
    memberships = list(Membership.objects.filter(user_id=user.pk)[:2])
    if not user.is_active or len(memberships) != 1:
        return False
    [membership] = memberships
    membership.user = user
    return (
        membership.role == Role.MOTHER
        and membership.is_active
        and account_is_cooperatives_alone(membership=membership)
    )


# Invitations ---------------------------------------------------------------------------


def invitations_for_coordinator(*, user, cooperative_id: int | None = None) -> QuerySet:
    """The open invitations of the cooperatives ``user`` coordinates, and those declined in
    the last ``DECLINED_SHOWN`` (only ``cooperative_id``'s when given), newest first. What
    the coordinator may show of each is its masked phone number: until she accepts, her
    account is not the cooperative's."""
    declined_since = timezone.now() - DECLINED_SHOWN
    invitations = MembershipInvitation.objects.filter(
        Q(status=InvitationStatus.PENDING)
        | Q(status=InvitationStatus.DECLINED, answered_at__gte=declined_since),
        cooperative__in=coordinator_cooperatives(user),
    )
    if cooperative_id is not None:
        invitations = invitations.filter(cooperative_id=cooperative_id)
    return invitations.select_related("user", "cooperative")


def invitation_for_coordinator(*, user, invitation_id: int) -> MembershipInvitation | None:
    return invitations_for_coordinator(user=user).filter(pk=invitation_id).first()


def invitations_for_mother(*, user) -> QuerySet:
    """The invitations waiting for ``user``'s answer, with their cooperative and skills."""
    if not user.is_authenticated:
        return MembershipInvitation.objects.none()
    skills = Skill.objects.order_by("name")
    return (
        MembershipInvitation.objects.filter(user_id=user.pk, status=InvitationStatus.PENDING)
        .select_related("cooperative")
        .prefetch_related(Prefetch("skills", queryset=skills))
    )


def invitation_for_mother(*, user, invitation_id: int) -> MembershipInvitation | None:
    """One invitation waiting for ``user``'s answer, or None (anyone else's, answered, or
    unknown)."""
    return invitations_for_mother(user=user).filter(pk=invitation_id).first()
