"""Memberships through the market's own services (services.memberships), as orders uses them
to register mothers and answer invitations."""

import pytest

from marketplace.models import Membership, Role
from marketplace.services.memberships import membership_active_set, membership_ensure
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_without_a_place_gets_an_active_one_in_the_role():
    user, cooperative = UserFactory(), CooperativeFactory()
    membership = membership_ensure(user=user, cooperative=cooperative, role=Role.MOTHER)
    assert (membership.role, membership.is_active) == (Role.MOTHER, True)
    assert Membership.objects.filter(user=user, cooperative=cooperative).count() == 1


def test_a_place_she_has_is_returned_as_it_is():
    held = MembershipFactory(role=Role.COORDINATOR, is_active=False)
    membership = membership_ensure(user=held.user, cooperative=held.cooperative, role=Role.MOTHER)
    assert membership.pk == held.pk
    assert (membership.role, membership.is_active) == (Role.COORDINATOR, False)


@pytest.mark.parametrize("active", [False, True])
def test_active_or_not_while_the_role_holds(active):
    membership = MembershipFactory(role=Role.MOTHER, is_active=not active)
    assert membership_active_set(membership=membership, active=active, role=Role.MOTHER)
    assert membership.is_active is active
    assert Membership.objects.get(pk=membership.pk).is_active is active


def test_a_membership_of_another_role_is_left_alone():
    membership = MembershipFactory(role=Role.COORDINATOR)
    assert not membership_active_set(membership=membership, active=False, role=Role.MOTHER)
    assert Membership.objects.get(pk=membership.pk).is_active
    assert membership.is_active
