"""Writes of the coordinator's roster: register a mother, edit her, (de)activate her, and
issue her login card.

A mother is one account whose username is her mobile number, with one Membership per
cooperative she works for. A coordinator changes her own cooperative's membership and the
skills it holds; the account's name, password and login card only while the account is her
cooperative's alone (see ``account_is_cooperatives_alone``). A number that already has an
account is never simply joined: it gets an invitation its holder answers from her own
account (orders.members.services.invitations), so registering someone never hands her account, or
her work for another cooperative, to the coordinator. The phone number (username) never
changes here.
"""

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sesame import settings as sesame_settings
from sesame.utils import get_query_string

from marketplace.exceptions import MarketError
from marketplace.models import Cooperative, Membership, Role
from marketplace.services.memberships import membership_active_set, membership_ensure
from orders.members.selectors import account_is_cooperatives_alone
from orders.members.services.invitations import invitation_send
from orders.members.services.skills import member_skills_grant, member_skills_set
from orders.models import MembershipInvitation, Skill

# Card tokens sign in at the card's own address only (django-sesame's scoped tokens).
LOGIN_CARD_SCOPE = "login-card"


# Errors --------------------------------------------------------------------------------


class MemberError(MarketError):
    """A roster change that cannot be; ``message`` says why, in the coordinator's language."""


class AlreadyMother(MemberError):
    def __init__(self, cooperative: Cooperative):
        super().__init__(
            _("This number is already registered as a mother of %(cooperative)s.")
            % {"cooperative": cooperative.display_name}
        )


class NumberIsCoordinator(MemberError):
    def __init__(self, cooperative: Cooperative):
        super().__init__(
            _("This number belongs to a coordinator of %(cooperative)s.")
            % {"cooperative": cooperative.display_name}
        )


class AccountProtected(MemberError):
    def __init__(self):
        super().__init__(
            _(
                "This account is not your cooperative's alone: she also works for another "
                "cooperative, or the account coordinates one or works for the site. Only she "
                "changes its name and password."
            )
        )


class CardRefused(MemberError):
    def __init__(self):
        super().__init__(
            _(
                "A login card signs in only a mother whose account is this cooperative's "
                "alone. This account also belongs to another cooperative, coordinates one or "
                "works for the site, so she signs in with her password."
            )
        )


class MembershipInactive(MemberError):
    def __init__(self):
        super().__init__(_("She is inactive in this cooperative: reactivate her first."))


# Register and edit ---------------------------------------------------------------------


class Registered(enum.StrEnum):
    NEW_ACCOUNT = "new_account"
    INVITED = "invited"  # her account exists: she joins once she accepts, from that account
    REACTIVATED = "reactivated"


@dataclass(frozen=True)
class Registration:
    outcome: Registered
    membership: Membership | None = None  # None while she is only invited
    invitation: MembershipInvitation | None = None


@transaction.atomic
def mother_register(
    *,
    cooperative: Cooperative,
    phone: str,
    name: str,
    skills: Iterable[Skill],
    password: str | None,
    actor,
) -> Registration:
    """Make the holder of mobile ``phone`` (11 digits) a mother of ``cooperative`` holding
    ``skills``, granted by ``actor`` — at once if the number is new or already hers here,
    else once she accepts an invitation.

    A new number gets a new account named ``name``, with ``password``, or with none when it
    is None (she then signs in by login card), and an active membership. A number with an
    account and no membership here gets an invitation (``name`` and ``password`` are not
    used: the account is hers); an inactive membership here is reactivated and keeps the
    skills it held. Raises ``AlreadyMother`` if she is an active mother here already,
    ``NumberIsCoordinator`` if the number coordinates here, ``AlreadyInvited`` if she has
    not answered the invitation sent before.
    """
    user, new_account = get_user_model().objects.get_or_create(
        username=phone, defaults={"first_name": name}
    )
    if new_account:
        _password_set(user, password)
        membership = membership_ensure(user=user, cooperative=cooperative, role=Role.MOTHER)
        member_skills_grant(membership=membership, skills=skills, actor=actor)
        return Registration(outcome=Registered.NEW_ACCOUNT, membership=membership)
    membership = (
        Membership.objects.select_for_update().filter(user=user, cooperative=cooperative).first()
    )
    if membership is None:
        invitation = invitation_send(cooperative=cooperative, user=user, skills=skills, actor=actor)
        return Registration(outcome=Registered.INVITED, invitation=invitation)
    _reactivate_for_register(membership)
    member_skills_grant(membership=membership, skills=skills, actor=actor)
    return Registration(outcome=Registered.REACTIVATED, membership=membership)


def _reactivate_for_register(membership: Membership) -> None:
    if membership.role != Role.MOTHER:
        raise NumberIsCoordinator(membership.cooperative)
    if membership.is_active:
        raise AlreadyMother(membership.cooperative)
    membership_active_set(membership=membership, active=True, role=Role.MOTHER)


def _password_set(user, password: str | None) -> None:
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])


@transaction.atomic
def mother_update(
    *,
    membership: Membership,
    name: str | None,
    skills: Iterable[Skill],
    password: str | None,
    actor,
) -> Membership:
    """Set her name (None: unchanged) and the skills she holds here (granted by ``actor``),
    and a new password when ``password`` is given (which also voids her printed cards).

    Raises ``AccountProtected`` for a change of name or password on an account that is not
    her cooperative's alone.
    """
    user = membership.user
    renamed = name is not None and name != user.first_name
    if (renamed or password) and not account_is_cooperatives_alone(membership=membership):
        raise AccountProtected()
    if renamed:
        user.first_name = name
        user.save(update_fields=["first_name"])
    if password:
        _password_set(user, password)
    member_skills_set(membership=membership, skills=skills, actor=actor)
    return membership


# Active or not -------------------------------------------------------------------------


def mother_deactivate(*, membership: Membership) -> None:
    """She no longer sees or claims this cooperative's work; her claims and history stay."""
    membership_active_set(membership=membership, active=False, role=Role.MOTHER)


def mother_reactivate(*, membership: Membership) -> None:
    membership_active_set(membership=membership, active=True, role=Role.MOTHER)


# Login card ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginCard:
    query_string: str  # "?sesame=<token>", for the card sign-in address
    expires_at: datetime.datetime


def login_card_check(*, membership: Membership) -> None:
    """Raises ``MembershipInactive`` for an inactive membership and ``CardRefused`` for an
    account a card may not sign in (``login_card_allowed``: a mother's account that is her
    cooperative's alone)."""
    if not membership.is_active:
        raise MembershipInactive()
    if not (
        membership.role == Role.MOTHER
        and membership.user.is_active
        and account_is_cooperatives_alone(membership=membership)
    ):
        raise CardRefused()


def login_card_issue(*, membership: Membership) -> LoginCard:
    """A one-time sign-in token for the mother of ``membership``, valid for
    ``SESAME_MAX_AGE``. Nothing is stored: the token is void once she signs in by any
    means, or her password changes. Raises as ``login_card_check``.
    """
    login_card_check(membership=membership)
    issued_at = timezone.now()
    return LoginCard(
        query_string=get_query_string(membership.user, scope=LOGIN_CARD_SCOPE),
        expires_at=issued_at + datetime.timedelta(seconds=sesame_settings.MAX_AGE),
    )
