"""Whose memberships a read starts from (marketplace/selectors.py): a mother's own, and the
mothers of a coordinator's cooperatives — one selector each, for every page."""

from django.contrib.auth.models import AnonymousUser

import pytest

from marketplace.models import Role
from marketplace.selectors import coordinated_mothers, mother_memberships
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_her_active_mother_memberships_take_work_and_former_ones_keep_her_history():
    her = UserFactory()
    active = MembershipFactory(user=her)
    former = MembershipFactory(user=her, is_active=False)
    MembershipFactory(user=her, role=Role.COORDINATOR)  # not a mother's
    MembershipFactory()  # someone else's

    assert list(mother_memberships(her)) == [active]
    assert set(mother_memberships(her, former_too=True)) == {active, former}


def test_a_visitor_has_no_memberships():
    assert not mother_memberships(AnonymousUser(), former_too=True).exists()


def test_a_coordinator_reads_the_mothers_of_the_cooperatives_she_coordinates_now():
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    ours = coordinator.cooperative
    mother = MembershipFactory(cooperative=ours)
    gone = MembershipFactory(cooperative=ours, is_active=False)
    MembershipFactory(cooperative=ours, role=Role.COORDINATOR)  # a colleague, not a mother
    MembershipFactory(cooperative=CooperativeFactory())  # another cooperative's mother
    left = MembershipFactory(role=Role.COORDINATOR, user=coordinator.user, is_active=False)
    MembershipFactory(cooperative=left.cooperative)  # of a cooperative she no longer runs

    assert set(coordinated_mothers(coordinator.user)) == {mother, gone}
    assert not coordinated_mothers(AnonymousUser()).exists()


def test_a_member_is_named_by_her_full_name_or_else_her_phone():
    named = MembershipFactory(user=UserFactory(first_name="秀兰", last_name=""))
    unnamed = MembershipFactory(user=UserFactory(first_name="", last_name=""))
    assert named.person_name == "秀兰"
    assert unnamed.person_name == unnamed.user.username
