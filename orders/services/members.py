"""Writes of the coordinator's roster: register a mother, edit her, (de)activate her, and
issue her login card.

A mother is one account whose username is her mobile number, with one Membership per
cooperative she works for. A coordinator changes her own cooperative's membership and the
skills it holds; the account's name and password too, unless the account is protected (staff,
or a coordinator anywhere: see ``account_is_protected``), so that registering someone as a
mother never hands her account to the coordinator. The phone number (username) never changes
here: the same account may belong to other cooperatives.
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
from orders.member_selectors import account_is_protected, login_card_allowed
from orders.models import MemberSkill, Skill

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
                "This account also coordinates a cooperative or works for the site: its name "
                "and password are not changed here."
            )
        )


class CardRefused(MemberError):
    def __init__(self):
        super().__init__(
            _(
                "A login card signs in mothers only. This account also coordinates a "
                "cooperative or works for the site, so it signs in with its password."
            )
        )


class MembershipInactive(MemberError):
    def __init__(self):
        super().__init__(_("She is inactive in this cooperative: reactivate her first."))


# Register and edit ---------------------------------------------------------------------


class Registered(enum.StrEnum):
    NEW_ACCOUNT = "new_account"
    JOINED = "joined"  # her account exists (another cooperative's mother) and joined this one
    REACTIVATED = "reactivated"


@dataclass(frozen=True)
class Registration:
    membership: Membership
    outcome: Registered


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
    """Make the holder of mobile ``phone`` (11 digits) an active mother of ``cooperative``
    holding ``skills``, granted by ``actor``.

    A new number gets a new account named ``name``, with ``password``, or with none when it
    is None (she then signs in by login card). A number with an account already joins with
    the account as it is (its name and password are hers, not this form's); an inactive
    membership here is reactivated and keeps the skills it held. Raises ``AlreadyMother`` if
    she is an active mother here already, ``NumberIsCoordinator`` if the number coordinates
    here.
    """
    user, new_account = get_user_model().objects.get_or_create(
        username=phone, defaults={"first_name": name}
    )
    if new_account:
        _password_set(user, password)
    membership, new_membership = Membership.objects.select_for_update().get_or_create(
        user=user, cooperative=cooperative, defaults={"role": Role.MOTHER}
    )
    if new_membership:
        outcome = Registered.NEW_ACCOUNT if new_account else Registered.JOINED
    else:
        _reactivate_for_register(membership)
        outcome = Registered.REACTIVATED
    member_skills_grant(membership=membership, skills=skills, actor=actor)
    return Registration(membership=membership, outcome=outcome)


def _reactivate_for_register(membership: Membership) -> None:
    if membership.role != Role.MOTHER:
        raise NumberIsCoordinator(membership.cooperative)
    if membership.is_active:
        raise AlreadyMother(membership.cooperative)
    membership.is_active = True
    membership.save(update_fields=["is_active"])


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

    Raises ``AccountProtected`` for a change of name or password on a protected account.
    """
    user = membership.user
    renamed = name is not None and name != user.first_name
    if (renamed or password) and account_is_protected(user):
        raise AccountProtected()
    if renamed:
        user.first_name = name
        user.save(update_fields=["first_name"])
    if password:
        _password_set(user, password)
    member_skills_set(membership=membership, skills=skills, actor=actor)
    return membership


def member_skills_grant(*, membership: Membership, skills: Iterable[Skill], actor) -> None:
    """Add ``skills`` to those she holds here; a skill she holds keeps its first grant."""
    MemberSkill.objects.bulk_create(
        [MemberSkill(membership=membership, skill=skill, granted_by=actor) for skill in skills],
        ignore_conflicts=True,  # held already, or granted by another coordinator just now
    )


@transaction.atomic
def member_skills_set(*, membership: Membership, skills: Iterable[Skill], actor) -> None:
    """Make ``skills`` exactly what she holds here: withdraw the others, grant the new ones
    as ``actor``. Withdrawing hides the work that needs the skill; her claims stay."""
    skills = list(skills)
    membership.skills.exclude(skill__in=skills).delete()
    member_skills_grant(membership=membership, skills=skills, actor=actor)


# Active or not -------------------------------------------------------------------------


def mother_deactivate(*, membership: Membership) -> None:
    """She no longer sees or claims this cooperative's work; her claims and history stay."""
    _active_set(membership, False)


def mother_reactivate(*, membership: Membership) -> None:
    _active_set(membership, True)


@transaction.atomic
def _active_set(membership: Membership, active: bool) -> None:
    Membership.objects.filter(pk=membership.pk, role=Role.MOTHER).update(is_active=active)
    membership.is_active = active


# Login card ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginCard:
    query_string: str  # "?sesame=<token>", for the card sign-in address
    expires_at: datetime.datetime


def login_card_check(*, membership: Membership) -> None:
    """Raises ``MembershipInactive`` for an inactive membership and ``CardRefused`` for an
    account a card may not sign in (see ``login_card_allowed``)."""
    if not membership.is_active:
        raise MembershipInactive()
    if membership.role != Role.MOTHER or not login_card_allowed(membership.user):
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
