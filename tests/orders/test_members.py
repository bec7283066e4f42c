"""The coordinator's roster at /co/members/ and the mothers' login cards.

Registering (a new number, a mother of another cooperative joining, one already here, an
inactive one coming back), editing name, skills and password, deactivating; who may see what
(anonymous → sign in, a mother → 403, another cooperative's coordinator, a coordinator's
membership or a guessed id → 404 and nothing changed); bad input that gets a clear message
and changes nothing; the login card, whose link signs the mother in exactly once, expires,
and never opens a coordinator's or a staff member's session; and pages whose query count
does not grow with the number of mothers. The coordinator's pages are read in English
(/en/) so the assertions hold whatever the Chinese catalogue says; the card's link is in
the site's first language, so its pages are checked by template and status.
"""

import datetime
import re
import types
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest
import sesame.tokens_v2
from sesame.utils import get_query_string

from marketplace.models import Cooperative, Membership, Role
from orders.members.services.members import (
    LOGIN_CARD_SCOPE,
    AccountProtected,
    mother_update,
)
from orders.members.views.roster import _qr_svg
from orders.models import MemberSkill
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import SkillFactory

User = get_user_model()
DAY = 24 * 60 * 60


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def said(response) -> list[str]:
    """The flash messages on the page a redirect led to."""
    return [str(message) for message in response.context["messages"]]


def page(response) -> str:
    return response.content.decode()


def templates(response) -> set[str]:
    return {template.name for template in response.templates}


def snapshot() -> tuple:
    """Everything a roster change could touch."""
    return (
        list(User.objects.order_by("pk").values_list("username", "first_name", "password")),
        list(Membership.objects.order_by("pk").values_list("user_id", "cooperative_id", "role")),
        list(Membership.objects.order_by("pk").values_list("is_active", flat=True)),
        list(MemberSkill.objects.order_by("pk").values_list("membership_id", "skill_id")),
    )


# The world: 彩虹手编 with its coordinator and a mother, and another cooperative ------------


@pytest.fixture
def coop(db):
    return CooperativeFactory(name="彩虹手编", name_en="Rainbow Knots")


@pytest.fixture
def coordinator(coop):
    user = UserFactory(username="coord-caihong", first_name="孙红霞")
    return MembershipFactory(user=user, cooperative=coop, role=Role.COORDINATOR).user


@pytest.fixture
def knot(db):
    return SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")


@pytest.fixture
def buns(db):
    return SkillFactory(slug="buns", name="花饽饽", name_en="Decorative buns")


@pytest.fixture
def mother(coop, knot):
    user = UserFactory(username="13800000001", first_name="王秀兰")
    membership = MembershipFactory(user=user, cooperative=coop, role=Role.MOTHER)
    MemberSkill.objects.create(membership=membership, skill=knot)
    return membership


@pytest.fixture
def other_coop(db):
    return CooperativeFactory(name="喜窝窝", name_en="Xiwowo")


@pytest.fixture
def their_coordinator(other_coop):
    user = UserFactory(username="coord-xiwowo")
    return MembershipFactory(user=user, cooperative=other_coop, role=Role.COORDINATOR).user


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def register(client, **fields):
    """The register form as the browser sends it, for 彩虹手编 unless told otherwise."""
    rainbow = Cooperative.objects.get(name="彩虹手编")
    data = {"cooperative": rainbow.pk, "name": "李娜", "phone": "13900000002", "skills": []}
    data |= {"password": ""} | fields
    return client.post(en("co_member_new"), data)


# The roster ----------------------------------------------------------------------------


def test_the_roster_lists_active_and_inactive_mothers_with_phone_name_and_skills(
    signed_in, coop, mother, buns
):
    former = MembershipFactory(
        user=UserFactory(username="13800000009", first_name="周晓红"),
        cooperative=coop,
        is_active=False,
    )
    MemberSkill.objects.create(membership=former, skill=buns)

    response = signed_in.get(en("co_members"))

    html = page(response)
    assert response.status_code == 200
    assert [m.pk for m in response.context["mothers"]] == [mother.pk, former.pk]  # active first
    for text in ("王秀兰", "13800000001", "Chinese knots · basic", "周晓红", "Decorative buns"):
        assert text in html
    assert f'class="member member--inactive" data-membership="{former.pk}"' in html
    assert 'aria-current="page">Mothers</a>' in html  # the workspace's chip


def test_the_roster_leaves_out_coordinators_and_other_cooperatives(
    signed_in, coop, mother, other_coop
):
    stranger = MembershipFactory(user=UserFactory(username="13800000005"), cooperative=other_coop)

    listed = {m.pk for m in signed_in.get(en("co_members")).context["mothers"]}

    assert listed == {mother.pk}
    assert stranger.pk not in listed


def test_a_coordinator_of_two_cooperatives_sees_both_grouped_and_can_pick_one(
    signed_in, coordinator, coop, mother, other_coop
):
    MembershipFactory(user=coordinator, cooperative=other_coop, role=Role.COORDINATOR)
    theirs = MembershipFactory(user=UserFactory(username="13800000005"), cooperative=other_coop)

    both = signed_in.get(en("co_members"))
    one = signed_in.get(en("co_members"), {"cooperative": other_coop.pk})

    assert {m.pk for m in both.context["mothers"]} == {mother.pk, theirs.pk}
    assert "Rainbow Knots" in page(both) and "Xiwowo" in page(both)
    assert [m.pk for m in one.context["mothers"]] == [theirs.pk]
    new = page(one)
    assert f'href="{en("co_member_new")}?cooperative={other_coop.pk}"' in new


def test_the_roster_finds_a_mother_by_name_or_phone(signed_in, coop, mother):
    MembershipFactory(user=UserFactory(username="13800000002", first_name="李娜"), cooperative=coop)

    by_name = signed_in.get(en("co_members"), {"q": "秀兰"}).context["mothers"]
    by_phone = signed_in.get(en("co_members"), {"q": "0001"}).context["mothers"]

    assert [m.pk for m in by_name] == [mother.pk] == [m.pk for m in by_phone]


def test_the_roster_costs_the_same_queries_for_3_mothers_or_30(
    signed_in, coop, knot, buns, django_assert_max_num_queries
):
    for count in (3, 30):
        while Membership.objects.filter(role=Role.MOTHER).count() < count:
            membership = MembershipFactory(cooperative=coop)
            MemberSkill.objects.create(membership=membership, skill=knot)
            MemberSkill.objects.create(membership=membership, skill=buns)
        # Session, user, coordinator check, her cooperatives, the memberships, their skills,
        # the invitations, and the header's role lookup: the same for any number of mothers.
        with django_assert_max_num_queries(8):
            response = signed_in.get(en("co_members"))
        assert len(response.context["mothers"]) == count
        assert page(response).count('class="skill"') == 2 * count


# Registering ---------------------------------------------------------------------------


def test_registering_a_new_number_makes_her_account_membership_and_skills(
    signed_in, coordinator, coop, knot, buns
):
    response = register(
        signed_in, name=" 李  娜 ", phone="+86 139 0000-0002", skills=[knot.pk, buns.pk]
    )

    user = User.objects.get(username="13900000002")
    membership = Membership.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == en("co_member", membership.pk)
    assert user.first_name == "李 娜"
    assert not user.has_usable_password()  # she signs in by login card only
    assert (membership.cooperative, membership.role, membership.is_active) == (
        coop,
        Role.MOTHER,
        True,
    )
    granted = MemberSkill.objects.filter(membership=membership)
    assert {(g.skill_id, g.granted_by_id) for g in granted} == {
        (knot.pk, coordinator.pk),
        (buns.pk, coordinator.pk),
    }
    assert said(signed_in.get(response.url)) == [
        "李 娜 (13900000002) is now a mother of Rainbow Knots."
    ]


def test_registering_with_a_password_lets_her_sign_in_with_it(signed_in):
    register(signed_in, password="mama-Right-2026")

    assert User.objects.get(username="13900000002").check_password("mama-Right-2026")


def test_full_width_digits_from_a_chinese_keyboard_are_a_phone_number(signed_in):
    register(signed_in, phone="１３９ ０００００００２")

    assert User.objects.filter(username="13900000002").exists()


def test_a_mother_of_another_cooperative_is_invited_and_her_account_stays_hers(
    signed_in, coop, other_coop, knot
):
    """Joining her at once would hand her account to this coordinator: she is invited, and
    joins when she accepts (tests/orders/test_member_takeover.py has the rest)."""
    user = UserFactory(username="13800000005", first_name="陈静", password="her-own-2026")
    MembershipFactory(user=user, cooperative=other_coop)
    before = snapshot()

    response = register(
        signed_in, name="别的名字", phone="138 0000 0005", skills=[knot.pk], password="x-Nope-2026"
    )

    assert snapshot() == before
    [message] = said(signed_in.get(response.url))
    assert message.startswith("Invited 138****0005, waiting for her to accept.")
    assert "陈静" not in message


def test_a_mother_already_here_is_refused_and_nothing_changes(signed_in, mother, buns):
    before = snapshot()

    response = register(signed_in, phone="13800000001", skills=[buns.pk])

    assert response.status_code == 400
    assert "This number is already registered as a mother of Rainbow Knots." in page(response)
    assert snapshot() == before


def test_an_inactive_mother_registered_again_is_active_again_with_her_skills(
    signed_in, mother, knot, buns
):
    Membership.objects.filter(pk=mother.pk).update(is_active=False)

    response = register(signed_in, phone="13800000001", skills=[buns.pk])

    mother.refresh_from_db()
    assert mother.is_active
    assert set(mother.skills.values_list("skill_id", flat=True)) == {knot.pk, buns.pk}
    assert said(signed_in.get(response.url)) == [
        "王秀兰 (13800000001) was inactive here and is a mother of Rainbow Knots again."
    ]


def test_a_coordinators_number_here_is_refused(signed_in, coop):
    MembershipFactory(
        user=UserFactory(username="13700000007"), cooperative=coop, role="coordinator"
    )
    before = snapshot()

    response = register(signed_in, phone="13700000007")

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
def test_bad_input_gets_a_clear_message_and_changes_nothing(signed_in, knot, fields, message):
    before = snapshot()

    response = register(signed_in, **fields)

    assert response.status_code == 400
    assert message in page(response)
    assert snapshot() == before


def test_she_cannot_register_into_another_cooperative(signed_in, other_coop):
    before = snapshot()

    response = register(signed_in, cooperative=other_coop.pk)

    assert response.status_code == 400
    assert "Select a valid choice" in page(response)
    assert snapshot() == before


def test_the_register_page_offers_the_skills_and_hides_a_single_cooperative(
    signed_in, coop, knot, buns
):
    html = page(signed_in.get(en("co_member_new")))

    assert f'<input type="hidden" name="cooperative" value="{coop.pk}"' in html
    assert "Chinese knots · basic" in html and "Decorative buns" in html
    assert 'type="checkbox" name="skills"' in html


# Editing -------------------------------------------------------------------------------


def test_the_edit_page_shows_her_phone_read_only(signed_in, mother):
    html = page(signed_in.get(en("co_member", mother.pk)))

    assert "13800000001" in html
    assert 'name="phone"' not in html and 'name="username"' not in html
    assert 'value="王秀兰"' in html


def test_editing_renames_her_and_grants_and_withdraws_skills(
    signed_in, coordinator, mother, knot, buns
):
    other_granter = UserFactory(username="coord-before")
    MemberSkill.objects.filter(membership=mother).update(granted_by=other_granter)
    kept_since = MemberSkill.objects.get(membership=mother).granted_at

    response = signed_in.post(
        en("co_member", mother.pk), {"name": "王秀兰兰", "skills": [knot.pk, buns.pk]}
    )

    assert response.status_code == 302
    held = {s.skill_id: s for s in MemberSkill.objects.filter(membership=mother)}
    assert held[buns.pk].granted_by == coordinator
    assert (held[knot.pk].granted_by, held[knot.pk].granted_at) == (other_granter, kept_since)
    assert User.objects.get(pk=mother.user_id).first_name == "王秀兰兰"
    assert said(signed_in.get(response.url)) == ["Saved."]

    signed_in.post(en("co_member", mother.pk), {"name": "王秀兰兰", "skills": [buns.pk]})

    assert list(mother.skills.values_list("skill_id", flat=True)) == [buns.pk]


def test_an_empty_password_keeps_hers_and_a_new_one_replaces_it(signed_in, mother):
    old_hash = mother.user.password
    signed_in.post(en("co_member", mother.pk), {"name": "王秀兰", "skills": []})
    assert User.objects.get(pk=mother.user_id).password == old_hash

    signed_in.post(
        en("co_member", mother.pk), {"name": "王秀兰", "skills": [], "password": "mama-New-2026"}
    )

    assert User.objects.get(pk=mother.user_id).check_password("mama-New-2026")


def test_a_bad_edit_changes_nothing(signed_in, mother):
    before = snapshot()

    response = signed_in.post(
        en("co_member", mother.pk), {"name": " ", "skills": ["999999"], "password": "1234"}
    )

    assert response.status_code == 400
    assert "Enter her name." in page(response)
    assert snapshot() == before


def test_an_account_that_coordinates_elsewhere_keeps_its_name_and_password(
    signed_in, coordinator, coop, other_coop, buns
):
    user = UserFactory(username="13700000007", first_name="于美玲", password="coord-own-2026")
    MembershipFactory(user=user, cooperative=other_coop, role=Role.COORDINATOR)
    membership = MembershipFactory(user=user, cooperative=coop)

    html = page(signed_in.get(en("co_member", membership.pk)))
    signed_in.post(
        en("co_member", membership.pk),
        {"name": "Taken", "skills": [buns.pk], "password": "taken-Over-2026"},
    )

    user.refresh_from_db()
    assert 'name="name"' not in html and 'name="password"' not in html
    assert user.first_name == "于美玲" and user.check_password("coord-own-2026")
    assert list(membership.skills.values_list("skill_id", flat=True)) == [buns.pk]
    with pytest.raises(AccountProtected):
        mother_update(
            membership=membership, name="Taken", skills=[], password=None, actor=coordinator
        )


# Active or not -------------------------------------------------------------------------


def test_deactivating_and_reactivating(signed_in, client, mother):
    response = signed_in.post(en("co_member_deactivate", mother.pk))

    mother.refresh_from_db()
    assert response.status_code == 302 and not mother.is_active
    [message] = said(signed_in.get(response.url))
    assert "王秀兰 is inactive" in message
    assert "Reactivate" in page(signed_in.get(en("co_member", mother.pk)))

    response = signed_in.post(en("co_member_reactivate", mother.pk))

    mother.refresh_from_db()
    assert mother.is_active
    assert said(signed_in.get(response.url)) == ["王秀兰 is active again."]


def test_a_deactivated_mother_is_shut_out_of_the_work(coop, mother, coordinator):
    her = Client()
    her.force_login(mother.user)
    assert her.get(en("work_open")).status_code == 200
    boss = Client()
    boss.force_login(coordinator)

    boss.post(en("co_member_deactivate", mother.pk))

    assert her.get(en("work_open")).status_code == 403


def test_deactivating_takes_a_post(signed_in, mother):
    for name in ("co_member_deactivate", "co_member_reactivate"):
        assert signed_in.get(en(name, mother.pk)).status_code == 405
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
    client.force_login(their_coordinator)
    before = snapshot()

    for url in _member_urls(mother):
        assert client.get(url).status_code == 404, url
    for url in _post_urls(mother):
        response = client.post(url, {"name": "Taken", "skills": [buns.pk], "password": "x"})
        assert response.status_code == 404, url
        assert "sesame=" not in page(response)
    assert snapshot() == before
    assert mother.pk not in {m.pk for m in client.get(en("co_members")).context["mothers"]}


def test_a_coordinators_membership_is_not_found(signed_in, coop, coordinator):
    own = Membership.objects.get(user=coordinator, cooperative=coop)
    colleague = MembershipFactory(cooperative=coop, role=Role.COORDINATOR)
    before = snapshot()

    for membership in (own, colleague):
        for url in _member_urls(membership):
            assert signed_in.get(url).status_code == 404, url
        for url in _post_urls(membership):
            assert signed_in.post(url).status_code == 404, url
    assert snapshot() == before


def test_a_guessed_or_absurd_id_is_not_found(signed_in, mother):
    assert signed_in.get(en("co_member", mother.pk + 1000)).status_code == 404
    assert signed_in.post(en("co_member_deactivate", mother.pk + 1000)).status_code == 404
    for tail in ("", "card/", "deactivate/"):
        url = f"/en/co/members/{10**30}/{tail}"
        assert signed_in.get(url).status_code in (404, 405), url
        assert signed_in.post(url).status_code == 404, url
    assert signed_in.get("/en/co/members/-1/").status_code == 404


# The login card ------------------------------------------------------------------------


def print_card(client, membership):
    return client.post(en("co_member_card", membership.pk))


def card_path(response) -> str:
    """The card's sign-in address, as the QR code holds it, relative to the host."""
    url = response.context["card_url"]
    assert url.startswith("http://testserver/accounts/card/?sesame=")
    return url.removeprefix("http://testserver")


def signed_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_the_card_page_offers_a_card_but_holds_no_token(signed_in, mother):
    response = signed_in.get(en("co_member_card", mother.pk))

    html = page(response)
    assert response.status_code == 200
    assert "Print a new card" in html
    assert "sesame" not in html and "<svg" not in html
    assert "no-store" in response["Cache-Control"]
    assert "within 7 days of printing" in html


def test_printing_a_card_shows_her_details_a_qr_code_and_its_expiry(signed_in, mother):
    response = print_card(signed_in, mother)

    html = page(response)
    url = response.context["card_url"]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for text in ("Rainbow Knots", "王秀兰", "13800000001", "Valid until"):
        assert text in html
    with translation.override("en"):
        assert str(_qr_svg(url)) in html  # the QR code of exactly this link, drawn inline
    assert '<svg viewBox="0 0' in html
    assert url not in html  # the link is only in the code, not in the text
    left = response.context["card"].expires_at - timezone.now()
    assert datetime.timedelta(days=7) - left < datetime.timedelta(minutes=1)
    assert f'<time datetime="{response.context["card"].expires_at:%Y-%m-%d}' in html
    assert "css/members.css" in html


def test_the_print_stylesheet_prints_only_the_card():
    css = (Path(settings.BASE_DIR) / "static/css/members.css").read_text()
    print_rules = css[css.index("@media print") :]

    assert ".site-header, .site-footer, .skip-link, .no-print" in print_rules
    assert ".login-card {" in print_rules


def test_the_card_signs_her_in_exactly_once(signed_in, mother):
    path = card_path(print_card(signed_in, mother))
    phone = Client()

    first = phone.get(path)

    assert first.status_code == 302
    assert first.url == reverse("work_open")
    assert signed_in_as(phone) == mother.user_id
    assert phone.get(first.url).status_code == 200

    again = Client().get(path)

    assert again.status_code == 403
    assert "registration/card_invalid.html" in templates(again)
    assert signed_in_as(phone) == mother.user_id  # the first phone stays signed in


def test_the_invalid_card_page_tells_her_what_to_do(signed_in, mother):
    path = card_path(print_card(signed_in, mother))
    Client().get(path)

    html = page(Client().get("/en" + path))

    assert "This login card no longer works" in html
    assert "Ask your coordinator to print you a new card" in html
    assert f'href="{en("login")}?next=%2Fen%2Fwork%2F"' in html


def test_signing_in_with_her_password_voids_the_cards_printed_before(signed_in, mother):
    mother.user.set_password("mama-Right-2026")
    mother.user.save()
    path = card_path(print_card(signed_in, mother))

    response = Client().post(
        "/accounts/login/", {"username": "13800000001", "password": "mama-Right-2026"}
    )

    assert response.status_code == 302
    assert Client().get(path).status_code == 403


def test_a_new_password_voids_her_printed_cards(signed_in, mother):
    path = card_path(print_card(signed_in, mother))

    signed_in.post(
        en("co_member", mother.pk), {"name": "王秀兰", "skills": [], "password": "mama-New-2026"}
    )

    assert Client().get(path).status_code == 403


@pytest.fixture
def later(monkeypatch):
    """Move django-sesame's clock (only its clock) ``days`` ahead."""
    real = sesame.tokens_v2.time.time

    def move(days: float) -> None:
        clock = types.SimpleNamespace(time=lambda: real() + days * DAY)
        monkeypatch.setattr(sesame.tokens_v2, "time", clock)

    return move


def test_a_card_works_within_its_days_and_not_after(signed_in, mother, later):
    fresh = card_path(print_card(signed_in, mother))
    stale = card_path(print_card(signed_in, mother))

    later(8)
    expired = Client().get(stale)
    later(6)
    in_time = Client().get(fresh)

    assert expired.status_code == 403
    assert "registration/card_invalid.html" in templates(expired)
    assert in_time.status_code == 302


def test_the_card_lifetime_comes_from_the_settings(signed_in, mother, settings, later):
    settings.SESAME_MAX_AGE = datetime.timedelta(days=1)

    response = print_card(signed_in, mother)
    path = card_path(response)

    left = response.context["card"].expires_at - timezone.now()
    assert datetime.timedelta(hours=23) < left <= datetime.timedelta(days=1)
    later(2)
    assert Client().get(path).status_code == 403


@pytest.mark.parametrize("token", ["", "garbage", "A" * 40, "A" * 5000])
def test_a_missing_or_forged_token_is_refused(db, token):
    response = Client().get("/accounts/card/", {"sesame": token} if token else {})

    assert response.status_code == 403
    assert "registration/card_invalid.html" in templates(response)


def test_a_link_preview_does_not_spend_the_card(signed_in, mother):
    path = card_path(print_card(signed_in, mother))

    assert Client().head(path).status_code == 405
    assert Client().get(path).status_code == 302


def test_stale_cards_never_lock_anyone_out(signed_in, mother, settings):
    """django-axes leaves card links alone: a bad link's signature cannot be guessed anyway,
    and many mothers share one carrier address."""
    used = card_path(print_card(signed_in, mother))
    Client().get(used)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert Client().get(used).status_code == 403

    assert Client().get(card_path(print_card(signed_in, mother))).status_code == 302


@pytest.mark.parametrize("role", ["coordinator elsewhere", "staff", "superuser"])
def test_no_card_for_an_account_that_coordinates_or_works_for_the_site(
    signed_in, coop, other_coop, role
):
    user = UserFactory(username="13700000007")
    if role == "coordinator elsewhere":
        MembershipFactory(user=user, cooperative=other_coop, role=Role.COORDINATOR)
    else:
        User.objects.filter(pk=user.pk).update(**{f"is_{role}": True})
    membership = MembershipFactory(user=user, cooperative=coop)

    shown = signed_in.get(en("co_member_card", membership.pk))
    printed = print_card(signed_in, membership)

    assert "A login card signs in only a mother whose account is this cooperative" in page(shown)
    assert "Print a new card" not in page(shown)
    assert printed.status_code == 403
    assert "<svg" not in page(printed) and "sesame" not in page(printed)


def test_a_card_never_opens_a_coordinators_or_staff_session(db, coordinator, mother):
    """Even a token made by other means (say, before she became a coordinator) is refused."""
    User.objects.filter(pk=mother.user_id).update(is_staff=True)
    for user in (coordinator, User.objects.get(pk=mother.user_id)):
        phone = Client()
        response = phone.get("/accounts/card/" + get_query_string(user, scope=LOGIN_CARD_SCOPE))
        assert response.status_code == 403
        assert signed_in_as(phone) is None


def test_a_card_made_before_she_became_a_coordinator_stops_working(signed_in, mother, other_coop):
    path = card_path(print_card(signed_in, mother))
    MembershipFactory(user=mother.user, cooperative=other_coop, role=Role.COORDINATOR)

    phone = Client()
    assert phone.get(path).status_code == 403
    assert signed_in_as(phone) is None


def test_a_sesame_token_for_another_purpose_is_no_card(db, mother):
    phone = Client()

    response = phone.get("/accounts/card/" + get_query_string(mother.user))

    assert response.status_code == 403
    assert signed_in_as(phone) is None


def test_no_card_for_an_inactive_mother_and_a_card_stops_once_she_is_inactive(signed_in, mother):
    path = card_path(print_card(signed_in, mother))
    signed_in.post(en("co_member_deactivate", mother.pk))

    shown = signed_in.get(en("co_member_card", mother.pk))
    printed = print_card(signed_in, mother)

    assert "reactivate her first" in page(shown)
    assert printed.status_code == 403 and "<svg" not in page(printed)
    assert Client().get(path).status_code == 403


def test_the_card_page_costs_few_queries(signed_in, mother, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        assert print_card(signed_in, mother).status_code == 200


def test_the_sign_in_page_mentions_the_login_card(client, db):
    html = page(client.get(en("login")))

    assert "Have a login card? Scan its QR code with your phone's camera." in html


def test_the_card_link_is_short_enough_for_a_small_qr_code(signed_in, mother):
    url = print_card(signed_in, mother).context["card_url"]

    assert re.fullmatch(r"http://testserver/accounts/card/\?sesame=[A-Za-z0-9_-]{20,60}", url)
