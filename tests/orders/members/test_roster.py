"""The coordinator's roster at /co/members/ (the login cards: test_login_cards.py).

Registering (a new number, a mother of another cooperative joining, one already here, an
inactive one coming back), editing name, skills and password, deactivating; who may see what
(anonymous → sign in, a mother → 403, another cooperative's coordinator, a coordinator's
membership or a guessed id → 404 and nothing changed); bad input that gets a clear message
and changes nothing; and pages whose query count does not grow with the number of mothers.
The coordinator's pages are read in English (/en/) so the assertions hold whatever the
Chinese catalogue says.
"""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from marketplace.models import Cooperative, Membership, Role
from orders.members.services.members import (
    AccountProtected,
    mother_update,
)
from orders.models import MemberSkill
from tests.factories import MembershipFactory, UserFactory
from tests.orders.factories import MemberSkillFactory
from tests.pages import en, page, said

User = get_user_model()


def snapshot() -> tuple:
    """Everything a roster change could touch."""
    return (
        list(User.objects.order_by("pk").values_list("username", "first_name", "password")),
        list(Membership.objects.order_by("pk").values_list("user_id", "cooperative_id", "role")),
        list(Membership.objects.order_by("pk").values_list("is_active", flat=True)),
        list(MemberSkill.objects.order_by("pk").values_list("membership_id", "skill_id")),
    )


def register(client, **fields):
    """The register form as the browser sends it, for 彩虹手编 unless told otherwise."""
    rainbow = Cooperative.objects.get(name="彩虹手编")
    data = {"cooperative": rainbow.pk, "name": "李娜", "phone": "13900000002", "skills": []}
    data |= {"password": ""} | fields
    return client.post(en("co_member_new"), data)


# The roster ----------------------------------------------------------------------------


def test_the_roster_lists_active_and_inactive_mothers_with_phone_name_and_skills(
    coordinator_client, rainbow, mother, buns
):
    former = MembershipFactory(
        user=UserFactory(username="13800000009", first_name="周晓红"),
        cooperative=rainbow,
        is_active=False,
    )
    MemberSkillFactory(membership=former, skill=buns)

    response = coordinator_client.get(en("co_members"))

    html = page(response)
    assert response.status_code == 200
    assert [m.pk for m in response.context["mothers"]] == [mother.pk, former.pk]  # active first
    for text in ("王秀兰", "13800000001", "Chinese knots · basic", "周晓红", "Decorative buns"):
        assert text in html
    assert f'class="member-row member-row--inactive" data-membership="{former.pk}"' in html
    assert 'aria-current="page">Mothers</a>' in html  # the workspace's chip


def test_the_roster_leaves_out_coordinators_and_other_cooperatives(
    coordinator_client, rainbow, mother, xiwowo
):
    stranger = MembershipFactory(user=UserFactory(username="13800000005"), cooperative=xiwowo)

    listed = {m.pk for m in coordinator_client.get(en("co_members")).context["mothers"]}

    assert listed == {mother.pk}
    assert stranger.pk not in listed


def test_a_coordinator_of_two_cooperatives_sees_both_grouped_and_can_pick_one(
    coordinator_client, coordinator, rainbow, mother, xiwowo
):
    MembershipFactory(user=coordinator.user, cooperative=xiwowo, role=Role.COORDINATOR)
    theirs = MembershipFactory(user=UserFactory(username="13800000005"), cooperative=xiwowo)

    both = coordinator_client.get(en("co_members"))
    one = coordinator_client.get(en("co_members"), {"cooperative": xiwowo.pk})

    assert {m.pk for m in both.context["mothers"]} == {mother.pk, theirs.pk}
    assert "Rainbow Knots" in page(both) and "Xiwowo" in page(both)
    assert [m.pk for m in one.context["mothers"]] == [theirs.pk]
    new = page(one)
    assert f'href="{en("co_member_new")}?cooperative={xiwowo.pk}"' in new


def test_the_roster_finds_a_mother_by_name_or_phone(coordinator_client, rainbow, mother):
    MembershipFactory(
        user=UserFactory(username="13800000002", first_name="李娜"), cooperative=rainbow
    )

    by_name = coordinator_client.get(en("co_members"), {"q": "秀兰"}).context["mothers"]
    by_phone = coordinator_client.get(en("co_members"), {"q": "0001"}).context["mothers"]

    assert [m.pk for m in by_name] == [mother.pk] == [m.pk for m in by_phone]


def test_the_roster_costs_the_same_queries_for_3_mothers_or_30(
    coordinator_client, rainbow, knot_skill, buns, django_assert_max_num_queries
):
    for count in (3, 30):
        while Membership.objects.filter(role=Role.MOTHER).count() < count:
            membership = MembershipFactory(cooperative=rainbow)
            MemberSkillFactory(membership=membership, skill=knot_skill)
            MemberSkillFactory(membership=membership, skill=buns)
        # Session, user, coordinator check, her cooperatives, the counts per state, the
        # memberships, their skills, the invitations, and the header's role lookup: the same
        # for any number of mothers.
        with django_assert_max_num_queries(9):
            response = coordinator_client.get(en("co_members"))
        assert len(response.context["mothers"]) == count
        assert page(response).count('class="skill"') == 2 * count


# Registering ---------------------------------------------------------------------------


def test_registering_a_new_number_makes_her_account_membership_and_skills(
    coordinator_client, coordinator, rainbow, knot_skill, buns
):
    response = register(
        coordinator_client,
        name=" 李  娜 ",
        phone="+86 139 0000-0002",
        skills=[knot_skill.pk, buns.pk],
    )

    user = User.objects.get(username="13900000002")
    membership = Membership.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == en("co_member", membership.pk)
    assert user.first_name == "李 娜"
    assert not user.has_usable_password()  # she signs in by login card only
    assert (membership.cooperative, membership.role, membership.is_active) == (
        rainbow,
        Role.MOTHER,
        True,
    )
    granted = MemberSkill.objects.filter(membership=membership)
    assert {(g.skill_id, g.granted_by_id) for g in granted} == {
        (knot_skill.pk, coordinator.user.pk),
        (buns.pk, coordinator.user.pk),
    }
    assert said(coordinator_client.get(response.url)) == [
        "李 娜 (13900000002) is now a mother of Rainbow Knots."
    ]


def test_registering_with_a_password_lets_her_sign_in_with_it(coordinator_client):
    register(coordinator_client, password="mama-Right-2026")

    assert User.objects.get(username="13900000002").check_password("mama-Right-2026")


def test_full_width_digits_from_a_chinese_keyboard_are_a_phone_number(coordinator_client):
    register(coordinator_client, phone="１３９ ０００００００２")

    assert User.objects.filter(username="13900000002").exists()


def test_a_mother_of_another_cooperative_is_invited_and_her_account_stays_hers(
    coordinator_client, rainbow, xiwowo, knot_skill
):
    """Joining her at once would hand her account to this coordinator: she is invited, and
    joins when she accepts (tests/orders/members/test_takeover.py has the rest)."""
    user = UserFactory(username="13800000005", first_name="陈静", password="her-own-2026")
    MembershipFactory(user=user, cooperative=xiwowo)
    before = snapshot()

    response = register(
        coordinator_client,
        name="别的名字",
        phone="138 0000 0005",
        skills=[knot_skill.pk],
        password="x-Nope-2026",
    )

    assert snapshot() == before
    [message] = said(coordinator_client.get(response.url))
    assert message.startswith("Invited 138****0005, waiting for her to accept.")
    assert "陈静" not in message


def test_a_mother_already_here_is_refused_and_nothing_changes(coordinator_client, mother, buns):
    before = snapshot()

    response = register(coordinator_client, phone="13800000001", skills=[buns.pk])

    assert response.status_code == 400
    assert "This number is already registered as a mother of Rainbow Knots." in page(response)
    assert snapshot() == before


def test_an_inactive_mother_registered_again_is_active_again_with_her_skills(
    coordinator_client, mother, knot_skill, buns
):
    Membership.objects.filter(pk=mother.pk).update(is_active=False)

    response = register(coordinator_client, phone="13800000001", skills=[buns.pk])

    mother.refresh_from_db()
    assert mother.is_active
    assert set(mother.skills.values_list("skill_id", flat=True)) == {knot_skill.pk, buns.pk}
    assert said(coordinator_client.get(response.url)) == [
        "王秀兰 (13800000001) was inactive here and is a mother of Rainbow Knots again."
    ]


def test_a_coordinators_number_here_is_refused(coordinator_client, rainbow):
    MembershipFactory(
        user=UserFactory(username="13700000007"), cooperative=rainbow, role="coordinator"
    )
    before = snapshot()

    response = register(coordinator_client, phone="13700000007")

    assert response.status_code == 400
    assert "This number belongs to a coordinator of Rainbow Knots." in page(response)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "12345"}, "Enter an 11-digit mainland mobile number"),
        ({"phone": "23800000001"}, "Enter an 11-digit mainland mobile number"),
        ({"phone": "138000000011"}, "Enter an 11-digit mainland mobile number"),
        ({"phone": "1380000000x"}, "Enter an 11-digit mainland mobile number"),
        ({"phone": ""}, "Enter her mobile number."),
        ({"name": ""}, "Enter her name."),
        ({"name": "   "}, "Enter her name."),
        ({"name": "王" * 151}, "at most 150 characters"),
        ({"skills": ["999999"]}, "Select a valid choice. 999999 is not one of the available"),
        ({"skills": ["knot"]}, "is not a valid value"),
        ({"password": "12345678"}, "This password is entirely numeric."),
        ({"password": "short"}, "This password is too short."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    coordinator_client, knot_skill, fields, message
):
    before = snapshot()

    response = register(coordinator_client, **fields)

    assert response.status_code == 400
    assert message in page(response)
    assert snapshot() == before


def test_she_cannot_register_into_another_cooperative(coordinator_client, xiwowo):
    before = snapshot()

    response = register(coordinator_client, cooperative=xiwowo.pk)

    assert response.status_code == 400
    assert "Select a valid choice" in page(response)
    assert snapshot() == before


def test_the_register_page_offers_the_skills_and_hides_a_single_cooperative(
    coordinator_client, rainbow, knot_skill, buns
):
    html = page(coordinator_client.get(en("co_member_new")))

    assert f'<input type="hidden" name="cooperative" value="{rainbow.pk}"' in html
    assert "Chinese knots · basic" in html and "Decorative buns" in html
    assert 'type="checkbox" name="skills"' in html


# Editing -------------------------------------------------------------------------------


def test_the_edit_page_shows_her_phone_read_only(coordinator_client, mother):
    html = page(coordinator_client.get(en("co_member", mother.pk)))

    assert "13800000001" in html
    assert 'name="phone"' not in html and 'name="username"' not in html
    assert 'value="王秀兰"' in html


def test_editing_renames_her_and_grants_and_withdraws_skills(
    coordinator_client, coordinator, mother, knot_skill, buns
):
    other_granter = UserFactory(username="coord-before")
    MemberSkill.objects.filter(membership=mother).update(granted_by=other_granter)
    kept_since = MemberSkill.objects.get(membership=mother).granted_at

    response = coordinator_client.post(
        en("co_member", mother.pk), {"name": "王秀兰兰", "skills": [knot_skill.pk, buns.pk]}
    )

    assert response.status_code == 302
    held = {s.skill_id: s for s in MemberSkill.objects.filter(membership=mother)}
    assert held[buns.pk].granted_by == coordinator.user
    assert (held[knot_skill.pk].granted_by, held[knot_skill.pk].granted_at) == (
        other_granter,
        kept_since,
    )
    assert User.objects.get(pk=mother.user_id).first_name == "王秀兰兰"
    assert said(coordinator_client.get(response.url)) == ["Saved."]

    coordinator_client.post(en("co_member", mother.pk), {"name": "王秀兰兰", "skills": [buns.pk]})

    assert list(mother.skills.values_list("skill_id", flat=True)) == [buns.pk]


def test_an_empty_password_keeps_hers_and_a_new_one_replaces_it(coordinator_client, mother):
    old_hash = mother.user.password
    coordinator_client.post(en("co_member", mother.pk), {"name": "王秀兰", "skills": []})
    assert User.objects.get(pk=mother.user_id).password == old_hash

    coordinator_client.post(
        en("co_member", mother.pk), {"name": "王秀兰", "skills": [], "password": "mama-New-2026"}
    )

    assert User.objects.get(pk=mother.user_id).check_password("mama-New-2026")


def test_a_bad_edit_changes_nothing(coordinator_client, mother):
    before = snapshot()

    response = coordinator_client.post(
        en("co_member", mother.pk), {"name": " ", "skills": ["999999"], "password": "1234"}
    )

    assert response.status_code == 400
    assert "Enter her name." in page(response)
    assert snapshot() == before


def test_an_account_that_coordinates_elsewhere_keeps_its_name_and_password(
    coordinator_client, coordinator, rainbow, xiwowo, buns
):
    user = UserFactory(username="13700000007", first_name="于美玲", password="coord-own-2026")
    MembershipFactory(user=user, cooperative=xiwowo, role=Role.COORDINATOR)
    membership = MembershipFactory(user=user, cooperative=rainbow)

    html = page(coordinator_client.get(en("co_member", membership.pk)))
    coordinator_client.post(
        en("co_member", membership.pk),
        {"name": "Taken", "skills": [buns.pk], "password": "taken-Over-2026"},
    )

    user.refresh_from_db()
    assert 'name="name"' not in html and 'name="password"' not in html
    assert user.first_name == "于美玲" and user.check_password("coord-own-2026")
    assert list(membership.skills.values_list("skill_id", flat=True)) == [buns.pk]
    with pytest.raises(AccountProtected):
        mother_update(
            membership=membership, name="Taken", skills=[], password=None, actor=coordinator.user
        )


# Active or not -------------------------------------------------------------------------


def test_deactivating_and_reactivating(coordinator_client, client, mother):
    response = coordinator_client.post(en("co_member_deactivate", mother.pk))

    mother.refresh_from_db()
    assert response.status_code == 302 and not mother.is_active
    [message] = said(coordinator_client.get(response.url))
    assert "王秀兰 is inactive" in message
    assert "Reactivate" in page(coordinator_client.get(en("co_member", mother.pk)))

    response = coordinator_client.post(en("co_member_reactivate", mother.pk))

    mother.refresh_from_db()
    assert mother.is_active
    assert said(coordinator_client.get(response.url)) == ["王秀兰 is active again."]


def test_a_deactivated_mother_is_shut_out_of_the_work(rainbow, mother, coordinator):
    her = Client()
    her.force_login(mother.user)
    assert her.get(en("work_open")).status_code == 200
    boss = Client()
    boss.force_login(coordinator.user)

    boss.post(en("co_member_deactivate", mother.pk))

    assert her.get(en("work_open")).status_code == 403


def test_deactivating_takes_a_post(coordinator_client, mother):
    for name in ("co_member_deactivate", "co_member_reactivate"):
        assert coordinator_client.get(en(name, mother.pk)).status_code == 405
    mother.refresh_from_db()
    assert mother.is_active


# Who may see what ----------------------------------------------------------------------


def _member_urls(membership) -> list[str]:
    return [en("co_member", membership.pk), en("co_member_card", membership.pk)]


def _post_urls(membership) -> list[str]:
    return [
        en("co_member", membership.pk),
        en("co_member_card", membership.pk),
        en("co_member_deactivate", membership.pk),
        en("co_member_reactivate", membership.pk),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, mother):
    before = snapshot()
    for url in [en("co_members"), en("co_member_new"), *_member_urls(mother)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(en("login") + "?next="), url
    for url in [en("co_member_new"), *_post_urls(mother)]:
        response = client.post(url, {"name": "x", "phone": "13900000002"})
        assert response.status_code == 302, url
    assert snapshot() == before


def test_a_mother_is_told_the_workspace_is_for_coordinators(client, mother):
    client.force_login(mother.user)
    before = snapshot()
    for url in [en("co_members"), en("co_member_new"), *_member_urls(mother)]:
        assert client.get(url).status_code == 403, url
    for url in _post_urls(mother):
        assert client.post(url).status_code == 403, url
    assert snapshot() == before


def test_another_cooperatives_coordinator_finds_nothing_and_changes_nothing(
    client, their_coordinator, mother, buns
):
    client.force_login(their_coordinator.user)
    before = snapshot()

    for url in _member_urls(mother):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(mother):
        response = client.post(url, {"name": "Taken", "skills": [buns.pk], "password": "x"})
        assert response.status_code == 404, url
        assert "sesame=" not in page(response)
    assert snapshot() == before
    assert mother.pk not in {m.pk for m in client.get(en("co_members")).context["mothers"]}


def test_a_coordinators_membership_is_not_found(coordinator_client, rainbow, coordinator):
    own = Membership.objects.get(user=coordinator.user, cooperative=rainbow)
    colleague = MembershipFactory(cooperative=rainbow, role=Role.COORDINATOR)
    before = snapshot()

    for membership in (own, colleague):
        for url in _member_urls(membership):
            assert coordinator_client.get(url).status_code == 404, url
        for url in _post_urls(membership):
            assert coordinator_client.post(url).status_code == 404, url
    assert snapshot() == before


def test_a_guessed_or_absurd_id_is_not_found(coordinator_client, mother):
    assert coordinator_client.get(en("co_member", mother.pk + 1000)).status_code == 404
    assert coordinator_client.post(en("co_member_deactivate", mother.pk + 1000)).status_code == 404
    for tail in ("", "card/", "deactivate/"):
        url = f"/en/co/members/{10**30}/{tail}"
        assert coordinator_client.get(url).status_code in (404, 405), url
        assert coordinator_client.post(url).status_code == 404, url
    assert coordinator_client.get("/en/co/members/-1/").status_code == 404
