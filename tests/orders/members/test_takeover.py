"""A coordinator of one cooperative must not take over a mother of another (issue 10, point 3).

The attacker is 喜窝窝's coordinator; the victim, 13800000002 (王秀兰), is a mother of 彩虹手编
with a claim there. Every path the attacker has is tried: registering the victim's number,
then editing her name or password, printing her login card, (de)activating her, or opening
any of her memberships by id; and an account shared with another cooperative, or one that
works for the site, keeps its name, password and card out of a coordinator's hands. Pages
are read in English (/en/) so the assertions hold whatever the Chinese catalogue says.
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

import pytest
from sesame.utils import get_query_string

from marketplace.models import Membership, Role
from orders.members.services.members import LOGIN_CARD_SCOPE
from orders.models import Claim, MemberSkill
from tests.factories import MembershipFactory, UserFactory
from tests.orders.factories import (
    ClaimFactory,
    MemberSkillFactory,
    ProductionOrderFactory,
)
from tests.pages import en, page

User = get_user_model()
VICTIM_PHONE = "13800000002"
VICTIM_PASSWORD = "her-own-2026"


def snapshot() -> tuple:
    """Everything of hers a coordinator could touch."""
    return (
        list(User.objects.order_by("pk").values_list("username", "first_name", "password")),
        list(
            Membership.objects.order_by("pk").values_list(
                "user_id", "cooperative_id", "role", "is_active"
            )
        ),
        list(MemberSkill.objects.order_by("pk").values_list("membership_id", "skill_id")),
    )


def signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


# The world: 彩虹手编 (the victim's) and 喜窝窝 (the attacker's) ------------------------------


@pytest.fixture
def victim(rainbow, knot_skill):
    """Her membership of 彩虹手编, with a claim of 12 pieces on one of its orders."""
    user = UserFactory(username=VICTIM_PHONE, first_name="王秀兰", password=VICTIM_PASSWORD)
    membership = MembershipFactory(user=user, cooperative=rainbow, role=Role.MOTHER)
    MemberSkillFactory(membership=membership, skill=knot_skill)
    order = ProductionOrderFactory(cooperative=rainbow, required_skill=knot_skill)
    ClaimFactory(order=order, mother=membership, quantity=12)
    return membership


@pytest.fixture
def her_claim(victim) -> Claim:
    return Claim.objects.get(mother=victim)


@pytest.fixture
def attacker(their_coordinator):
    """喜窝窝's coordinator (赵), signed in."""
    client = Client()
    client.force_login(their_coordinator.user)
    return client


def register(client, cooperative, phone: str, **fields):
    data = {"cooperative": cooperative.pk, "name": "冒名", "phone": phone, "skills": []}
    return client.post(en("co_member_new"), data | {"password": ""} | fields)


def her_memberships(victim) -> list[Membership]:
    return list(Membership.objects.filter(user_id=victim.user_id))


def member_urls(membership) -> list[str]:
    return [en("co_member", membership.pk), en("co_member_card", membership.pk)]


def post_urls(membership) -> list[str]:
    return [
        en("co_member", membership.pk),
        en("co_member_card", membership.pk),
        en("co_member_deactivate", membership.pk),
        en("co_member_reactivate", membership.pk),
    ]


# Registering her number ----------------------------------------------------------------


def test_registering_another_cooperatives_mother_shows_no_name_and_makes_no_membership(
    attacker, xiwowo, victim
):
    before = snapshot()

    response = register(attacker, xiwowo, VICTIM_PHONE, password="taken-Over-2026")
    shown = attacker.get(response.url)

    assert response.status_code == 302
    assert snapshot() == before
    assert not Membership.objects.filter(user_id=victim.user_id, cooperative=xiwowo).exists()
    assert "王秀兰" not in page(shown)
    assert VICTIM_PHONE not in page(shown)
    assert "138****0002" in page(shown)


def test_the_issue_path_register_then_her_card_then_her_claim_is_closed(
    attacker, xiwowo, victim, her_claim
):
    """The reported attack: register her number, print her card from the page the form led
    to, sign in with it, open her claim in 彩虹手编."""
    response = register(attacker, xiwowo, VICTIM_PHONE)
    landed = attacker.get(response.url)
    ids = [int(found) for found in re.findall(r"/co/members/(\d+)/card/", page(landed))]

    tokens = []
    for membership in her_memberships(victim):
        printed = attacker.post(en("co_member_card", membership.pk))
        tokens += re.findall(r"sesame=[\w.:-]+", page(printed))
    phone = Client()
    for token in tokens:
        phone.get("/accounts/card/?" + token)

    assert not {m.pk for m in her_memberships(victim)} & set(ids)
    assert tokens == []
    assert signed_in_as(phone) is None
    assert phone.get(en("work_claim", her_claim.pk)).status_code == 302  # to sign in


def test_none_of_her_memberships_opens_to_the_attacker_after_registering(
    attacker, xiwowo, victim, knot_skill
):
    register(attacker, xiwowo, VICTIM_PHONE, skills=[knot_skill.pk])
    before = snapshot()

    for membership in her_memberships(victim):
        for url in member_urls(membership):
            assert attacker.get(url).status_code == 404, url
        for url in post_urls(membership):
            response = attacker.post(url, {"name": "Taken", "password": "taken-Over-2026"})
            assert response.status_code == 404, url
            assert "sesame=" not in page(response)
    assert snapshot() == before
    roster = page(attacker.get(en("co_members")))
    assert "王秀兰" not in roster and VICTIM_PHONE not in roster


def test_registering_her_number_does_not_change_her_password_or_name(attacker, xiwowo, victim):
    register(attacker, xiwowo, VICTIM_PHONE, name="冒名", password="taken-Over-2026")

    user = User.objects.get(username=VICTIM_PHONE)
    assert user.first_name == "王秀兰" and user.check_password(VICTIM_PASSWORD)


def test_deactivating_or_reactivating_after_registering_touches_nothing_of_hers(
    attacker, xiwowo, victim
):
    register(attacker, xiwowo, VICTIM_PHONE)
    before = snapshot()

    for membership in her_memberships(victim):
        assert attacker.post(en("co_member_deactivate", membership.pk)).status_code == 404
        assert attacker.post(en("co_member_reactivate", membership.pk)).status_code == 404

    assert snapshot() == before
    victim.refresh_from_db()
    assert victim.is_active


def test_an_account_with_no_cooperative_is_not_joined_either(attacker, xiwowo):
    """A buyer's account under a mobile number: joining would hand it to the coordinator."""
    buyer = UserFactory(username="13900000088", first_name="林", password="buyer-own-2026")

    response = register(attacker, xiwowo, "13900000088", password="taken-Over-2026")

    buyer.refresh_from_db()
    assert response.status_code == 302
    assert not Membership.objects.filter(user=buyer).exists()
    assert buyer.check_password("buyer-own-2026")
    assert "林" not in page(attacker.get(response.url))


def test_a_new_number_still_makes_her_account_at_once(attacker, xiwowo, knot_skill):
    response = register(
        attacker, xiwowo, "13900000003", name="李娜", skills=[knot_skill.pk], password="li-Na-2026x"
    )

    membership = Membership.objects.get(user__username="13900000003")
    assert response.url == en("co_member", membership.pk)
    assert (membership.cooperative, membership.role, membership.is_active) == (
        xiwowo,
        Role.MOTHER,
        True,
    )
    assert membership.user.first_name == "李娜"
    assert membership.user.check_password("li-Na-2026x")
    assert list(membership.skills.values_list("skill_id", flat=True)) == [knot_skill.pk]


# An account shared with another cooperative ------------------------------------------


@pytest.fixture
def shared(victim, xiwowo):
    """Her membership of 喜窝窝 too (she accepted, or it predates the invitations)."""
    return MembershipFactory(user=victim.user, cooperative=xiwowo, role=Role.MOTHER)


def test_a_shared_account_keeps_its_name(attacker, shared, knot_skill):
    response = attacker.post(
        en("co_member", shared.pk), {"name": "冒名", "skills": [knot_skill.pk]}
    )

    user = User.objects.get(pk=shared.user_id)
    assert user.first_name == "王秀兰"
    assert response.status_code in (200, 302, 400)
    assert list(shared.skills.values_list("skill_id", flat=True)) == [knot_skill.pk]


def test_a_shared_account_keeps_its_password(attacker, shared):
    attacker.post(
        en("co_member", shared.pk),
        {"name": "王秀兰", "skills": [], "password": "taken-Over-2026"},
    )

    user = User.objects.get(pk=shared.user_id)
    assert user.check_password(VICTIM_PASSWORD)


def test_the_edit_page_of_a_shared_account_offers_no_name_or_password(attacker, shared):
    html = page(attacker.get(en("co_member", shared.pk)))

    assert 'name="name"' not in html and 'name="password"' not in html


def test_no_login_card_for_a_shared_account(attacker, shared):
    shown = attacker.get(en("co_member_card", shared.pk))
    printed = attacker.post(en("co_member_card", shared.pk))

    assert "Print a new card" not in page(shown)
    assert printed.status_code == 403
    assert "<svg" not in page(printed) and "sesame=" not in page(printed)


def test_a_card_never_signs_in_a_shared_account(shared, her_claim):
    """Even a token made earlier (say, while she was one cooperative's alone)."""
    phone = Client()

    response = phone.get("/accounts/card/" + get_query_string(shared.user, scope=LOGIN_CARD_SCOPE))

    assert response.status_code == 403
    assert signed_in_as(phone) is None


def test_deactivating_a_shared_account_touches_only_this_cooperative(attacker, shared, victim):
    attacker.post(en("co_member_deactivate", shared.pk))

    shared.refresh_from_db()
    victim.refresh_from_db()
    assert not shared.is_active and victim.is_active
    her = Client()
    her.force_login(victim.user)
    assert her.get(en("work_open")).status_code == 200


def test_an_account_with_an_inactive_membership_elsewhere_is_shared_too(attacker, shared, victim):
    Membership.objects.filter(pk=victim.pk).update(is_active=False)

    attacker.post(en("co_member", shared.pk), {"name": "冒名", "password": "taken-Over-2026"})
    printed = attacker.post(en("co_member_card", shared.pk))

    user = User.objects.get(pk=shared.user_id)
    assert user.first_name == "王秀兰" and user.check_password(VICTIM_PASSWORD)
    assert printed.status_code == 403


# Accounts that work for the site -------------------------------------------------------


@pytest.mark.parametrize("kind", ["federation", "staff", "superuser", "coordinator elsewhere"])
def test_an_account_that_works_for_the_site_is_never_a_coordinators_to_edit(
    attacker, xiwowo, rainbow, kind
):
    user = UserFactory(username="13700000007", first_name="于美玲", password="own-pass-2026")
    if kind == "federation":
        user.groups.add(Group.objects.get_or_create(name="妇联 / Women's federation")[0])
    elif kind == "coordinator elsewhere":
        MembershipFactory(user=user, cooperative=rainbow, role=Role.COORDINATOR)
    else:
        User.objects.filter(pk=user.pk).update(**{f"is_{kind}": True})
    membership = MembershipFactory(user=user, cooperative=xiwowo, role=Role.MOTHER)

    attacker.post(en("co_member", membership.pk), {"name": "Taken", "password": "taken-Over-2026"})
    printed = attacker.post(en("co_member_card", membership.pk))
    phone = Client()
    phone.get("/accounts/card/" + get_query_string(user, scope=LOGIN_CARD_SCOPE))

    user.refresh_from_db()
    assert user.first_name == "于美玲" and user.check_password("own-pass-2026")
    assert printed.status_code == 403 and "sesame=" not in page(printed)
    assert signed_in_as(phone) is None
