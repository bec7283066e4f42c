"""The members' world: 彩虹手编 (``rainbow``, "Rainbow Knots") with its coordinator 孙红霞
(coord-caihong) and a mother, 王秀兰 (13800000001), who holds the knot skill; and 喜窝窝
(``xiwowo``) next door, whose coordinator is 赵 (coord-xiwowo)."""

import pytest

from marketplace.models import Cooperative, Membership, Role
from orders.models import Skill
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import MemberSkillFactory, SkillFactory


@pytest.fixture
def rainbow(db) -> Cooperative:
    return CooperativeFactory(name="彩虹手编", name_en="Rainbow Knots")


@pytest.fixture
def xiwowo(db) -> Cooperative:
    return CooperativeFactory(name="喜窝窝", name_en="Xiwowo")


@pytest.fixture
def cooperative(rainbow) -> Cooperative:
    return rainbow


@pytest.fixture
def coordinator(rainbow) -> Membership:
    user = UserFactory(username="coord-caihong", first_name="孙红霞")
    return MembershipFactory(user=user, cooperative=rainbow, role=Role.COORDINATOR)


@pytest.fixture
def their_coordinator(xiwowo) -> Membership:
    user = UserFactory(username="coord-xiwowo", first_name="赵")
    return MembershipFactory(user=user, cooperative=xiwowo, role=Role.COORDINATOR)


@pytest.fixture
def knot_skill(db) -> Skill:
    return SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")


@pytest.fixture
def buns(db) -> Skill:
    return SkillFactory(slug="buns", name="花饽饽", name_en="Decorative buns")


@pytest.fixture
def mother(rainbow, knot_skill) -> Membership:
    user = UserFactory(username="13800000001", first_name="王秀兰")
    membership = MembershipFactory(user=user, cooperative=rainbow, role=Role.MOTHER)
    MemberSkillFactory(membership=membership, skill=knot_skill)
    return membership
