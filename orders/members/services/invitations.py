"""Writes of invitations: a coordinator invites an existing account to be a mother of her
cooperative, withdraws the invitation; its holder accepts or declines it.

An invitation is answered once: ``ANSWERS`` says what a status may become, and each answer
locks the invitation's row and checks it again, so two taps, two tabs, or a coordinator
withdrawing while she accepts end in one answer. Only an acceptance makes a Membership.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import MarketError
from marketplace.models import Cooperative, Membership, Role
from marketplace.services.memberships import membership_ensure
from orders.members.services.skills import member_skills_grant
from orders.members.signals import mother_joined
from orders.models import InvitationStatus, MembershipInvitation, Skill

ANSWERS = {
    InvitationStatus.PENDING: {
        InvitationStatus.ACCEPTED,
        InvitationStatus.DECLINED,
        InvitationStatus.WITHDRAWN,
    },
}


class InvitationError(MarketError):
    """An invitation step that cannot be; ``message`` says why, in the reader's language."""


class AlreadyInvited(InvitationError):
    def __init__(self, invitation: MembershipInvitation):
        super().__init__(
            _("%(phone)s is invited already: she has not answered yet.")
            % {"phone": invitation.phone_masked}
        )


class InvitationClosed(InvitationError):
    def __init__(self):
        super().__init__(_("This invitation has been answered or withdrawn already."))


class PasswordNeeded(InvitationError):
    def __init__(self):
        super().__init__(_("Choose a password to sign in with from now on."))


@transaction.atomic
def invitation_send(
    *, cooperative: Cooperative, user, skills: Iterable[Skill], actor
) -> MembershipInvitation:
    """Invite ``user`` to be a mother of ``cooperative`` holding ``skills`` once she accepts;
    an invitation she declined, or that was withdrawn, is opened again. Raises
    ``AlreadyInvited`` while the one sent before waits for her answer."""
    invitation, created = MembershipInvitation.objects.select_for_update().get_or_create(
        user=user,
        cooperative=cooperative,
        defaults={"invited_by": actor, "invited_at": timezone.now()},
    )
    if not created:
        _reopen(invitation, actor=actor)
    invitation.skills.set(skills)
    return invitation


def _reopen(invitation: MembershipInvitation, *, actor) -> None:
    if invitation.status == InvitationStatus.PENDING:
        raise AlreadyInvited(invitation)
    invitation.status = InvitationStatus.PENDING
    invitation.invited_by = actor
    invitation.invited_at = timezone.now()
    invitation.answered_at = None
    invitation.save(update_fields=["status", "invited_by", "invited_at", "answered_at"])


@transaction.atomic
def invitation_accept(*, invitation: MembershipInvitation, password: str | None) -> Membership:
    """She accepts: she is an active mother of the cooperative from now on, holding the
    invited skills. ``password`` (already validated) becomes hers; an account without a
    usable password must give one (``PasswordNeeded``), since no coordinator may print a
    login card for an account shared between cooperatives. Raises ``InvitationClosed`` if it
    is no longer waiting for her answer."""
    invitation = _answer(invitation, InvitationStatus.ACCEPTED)
    user = invitation.user
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif not user.has_usable_password():
        raise PasswordNeeded()
    membership = membership_ensure(user=user, cooperative=invitation.cooperative, role=Role.MOTHER)
    if membership.role != Role.MOTHER:  # made a coordinator here since: not a mother's place
        raise InvitationClosed()
    member_skills_grant(
        membership=membership, skills=invitation.skills.all(), actor=invitation.invited_by
    )
    mother_joined.send(sender=MembershipInvitation, membership=membership)
    return membership


def invitation_decline(*, invitation: MembershipInvitation) -> None:
    """She declines: nothing of hers reaches the cooperative. Raises ``InvitationClosed``."""
    _answer(invitation, InvitationStatus.DECLINED)


def invitation_withdraw(*, invitation: MembershipInvitation) -> None:
    """The coordinator takes it back before she answers. Raises ``InvitationClosed``."""
    _answer(invitation, InvitationStatus.WITHDRAWN)


@transaction.atomic
def _answer(invitation: MembershipInvitation, to: InvitationStatus) -> MembershipInvitation:
    """The invitation, locked and moved to ``to`` if ``ANSWERS`` allows it from what it is
    now (not from what the page that posted saw)."""
    locked = (
        MembershipInvitation.objects.select_for_update(of=("self",))
        .select_related("user", "cooperative")
        .get(pk=invitation.pk)
    )
    if to not in ANSWERS.get(locked.status, set()):
        raise InvitationClosed()
    locked.status = to
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    return locked
