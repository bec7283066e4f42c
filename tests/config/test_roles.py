"""config.roles reads who a person is in one query, and its reading of the federation's
permission agrees with Django's own ``has_perm`` for every way of holding it or not."""

from django.contrib.auth.models import Group, Permission

import pytest

from config.roles import FEDERATION_PERMISSION, roles_of
from marketplace.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FEDERATION_GROUP = "妇联 / Women's federation"


def in_the_group():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=FEDERATION_GROUP))
    return user


def given_the_permission():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_federation"))
    return user


def in_another_group():
    user = UserFactory()
    user.groups.add(Group.objects.create(name="editors"))
    return user


def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def inactive_in_the_group():
    user = in_the_group()
    user.is_active = False
    user.save()
    return user


def plain():
    return UserFactory()


PEOPLE = [
    in_the_group,
    given_the_permission,
    in_another_group,
    superuser,
    inactive_in_the_group,
    plain,
]


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.__name__)
def test_the_federation_role_is_djangos_permission(person):
    user = person()

    assert roles_of(user).federation == user.has_perm(FEDERATION_PERMISSION)


def test_every_role_costs_one_query(django_assert_num_queries):
    user = MembershipFactory(role=Role.COORDINATOR).user

    with django_assert_num_queries(1):
        roles = roles_of(user)

    assert roles.coordinator and not roles.mother and not roles.federation
