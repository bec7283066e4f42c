"""Invitations from the invited woman's side, and what an open one gives (nothing).

喜窝窝's coordinator registers the number of 王秀兰, a mother of 彩虹手编: she sees the
invitation on /work/ and accepts or declines it from her own account; until she accepts,
neither she nor 喜窝窝 gets anything of the other. Also: an account with no password chooses
one to accept, only she can answer, an answer is given once (two taps at once too), the
coordinator may withdraw an open invitation and invite again after a refusal. Pages are read
in English (/en/) unless the test is about the Chinese page.
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from marketplace.models import Membership, Role
from orders.members.services.invitations import InvitationClosed, invitation_accept
from orders.models import InvitationStatus, MembershipInvitation, MemberSkill
from orders.reporting.selectors.dashboard import mothers_of
from tests.factories import MembershipFactory, UserFactory
from tests.orders.factories import InvitationFactory, ProductionOrderFactory
from tests.pages import en, page, said
from tests.threads import run_together

User = get_user_model()
HER_PHONE = "13800000002"
HER_PASSWORD = "her-own-2026"


def state() -> tuple:
    """Everything an answer could change."""
    return (
        list(User.objects.order_by("pk").values_list("username", "first_name", "password")),
        list(
            Membership.objects.order_by("pk").values_list(
                "user_id", "cooperative_id", "role", "is_active"
            )
        ),
        list(MemberSkill.objects.order_by("pk").values_list("membership_id", "skill_id")),
        list(MembershipInvitation.objects.order_by("pk").values_list("status", "answered_at")),
    )


# The world -----------------------------------------------------------------------------


@pytest.fixture
def she(rainbow):
    """王秀兰, a mother of 彩虹手编, signed in on her phone."""
    user = UserFactory(username=HER_PHONE, first_name="王秀兰", password=HER_PASSWORD)
    MembershipFactory(user=user, cooperative=rainbow, role=Role.MOTHER)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(their_coordinator):
    """The coordinator who invites is 喜窝窝's (赵); she is 彩虹手编's mother."""
    return their_coordinator


@pytest.fixture
def buns_order(xiwowo, buns):
    """喜窝窝's open order for 花饽饽, which the invitation's skill would let her take."""
    return ProductionOrderFactory(cooperative=xiwowo, required_skill=buns)


def invite(client, xiwowo, phone: str = HER_PHONE, skills=()):
    return client.post(
        en("co_member_new"),
        {
            "cooperative": xiwowo.pk,
            "name": "王",
            "phone": phone,
            "skills": [skill.pk for skill in skills],
            "password": "",
        },
    )


@pytest.fixture
def invitation(coordinator_client, xiwowo, buns, she) -> MembershipInvitation:
    invite(coordinator_client, xiwowo, skills=[buns])
    return MembershipInvitation.objects.get()


def answer(client, invitation, choice: str, **fields):
    return client.post(en("work_invitation", invitation.pk), {"answer": choice} | fields)


def her_membership(xiwowo) -> Membership | None:
    return Membership.objects.filter(user__username=HER_PHONE, cooperative=xiwowo).first()


# What an open invitation gives: nothing ------------------------------------------------


def test_she_sees_the_invitation_on_her_work_page(she, invitation):
    html = page(she.get(en("work_open")))

    assert "Xiwowo invites you to join" in html
    assert "its coordinators see your name, your mobile number" in html
    assert "Decorative buns" in html
    assert 'value="accept"' in html and 'value="decline"' in html
    assert 'name="new_password1"' not in html  # she has a password


def test_the_invitation_is_in_chinese_first(she, invitation):
    with translation.override("zh-hans"):
        html = page(she.get(reverse("work_open")))

    assert "喜窝窝邀请你加入" in html
    assert "接受" in html and "谢绝" in html


def test_until_she_accepts_she_gets_none_of_its_work(she, invitation, buns_order):
    listed = she.get(en("work_open")).context["orders"]

    assert buns_order.pk not in {order.pk for order in listed}
    assert she.get(en("work_order", buns_order.pk)).status_code == 404
    before = state()
    assert she.post(en("work_order", buns_order.pk), {"quantity": 5}).status_code == 404
    assert state() == before


def test_until_she_accepts_the_coordinator_gets_nothing_of_her(
    coordinator_client, invitation, xiwowo
):
    roster = coordinator_client.get(en("co_members"))

    assert her_membership(xiwowo) is None
    assert not mothers_of(xiwowo).exists()
    assert list(roster.context["mothers"]) == []
    assert "王秀兰" not in page(roster) and HER_PHONE not in page(roster)
    assert "138****0002" in page(roster)
    assert "invited, waiting for her to accept" in page(roster)


# Accepting -----------------------------------------------------------------------------


def test_accepting_makes_her_a_mother_with_the_invited_skills(
    she, coordinator_client, coordinator, invitation, xiwowo, buns, buns_order
):
    response = answer(she, invitation, "accept")

    membership = her_membership(xiwowo)
    invitation.refresh_from_db()
    assert response.status_code == 302 and response.url == en("work_open")
    assert said(she.get(response.url)) == [
        "You are a mother of Xiwowo now: its work for you shows here."
    ]
    assert (membership.role, membership.is_active) == (Role.MOTHER, True)
    [held] = membership.skills.all()
    assert (held.skill, held.granted_by) == (buns, coordinator.user)
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.answered_at
    assert buns_order.pk in {o.pk for o in she.get(en("work_open")).context["orders"]}
    assert "王秀兰" in page(coordinator_client.get(en("co_members")))


def test_after_she_accepts_the_coordinator_still_cannot_take_her_account(
    she, coordinator_client, invitation, xiwowo
):
    answer(she, invitation, "accept")
    membership = her_membership(xiwowo)

    coordinator_client.post(
        en("co_member", membership.pk), {"name": "冒名", "password": "taken-Over-26"}
    )
    printed = coordinator_client.post(en("co_member_card", membership.pk))

    user = User.objects.get(username=HER_PHONE)
    assert user.first_name == "王秀兰" and user.check_password(HER_PASSWORD)
    assert printed.status_code == 403 and "sesame=" not in page(printed)


@pytest.fixture
def card_only(she):
    """Her account has no password: she signs in by login card."""
    user = User.objects.get(username=HER_PHONE)
    user.set_unusable_password()
    user.save()
    she.force_login(user)
    return she


def test_an_account_without_a_password_chooses_one_to_accept(
    card_only, coordinator_client, xiwowo, buns
):
    invite(coordinator_client, xiwowo, skills=[buns])
    invitation = MembershipInvitation.objects.get()
    assert 'name="new_password1"' in page(card_only.get(en("work_open")))
    before = state()

    missing = answer(card_only, invitation, "accept")
    different = answer(
        card_only, invitation, "accept", new_password1="Wang-xiu-2026", new_password2="other-2026x"
    )
    weak = answer(
        card_only, invitation, "accept", new_password1="12345678", new_password2="12345678"
    )

    assert [r.status_code for r in (missing, different, weak)] == [400, 400, 400]
    assert "This field is required." in page(missing)
    assert "didn’t match" in page(different)
    assert "entirely numeric" in page(weak)
    assert state() == before

    chosen = {"new_password1": "Wang-xiu-2026", "new_password2": "Wang-xiu-2026"}
    accepted = answer(card_only, invitation, "accept", **chosen)

    assert accepted.status_code == 302
    assert User.objects.get(username=HER_PHONE).check_password("Wang-xiu-2026")
    assert her_membership(xiwowo).is_active
    assert card_only.get(en("work_open")).status_code == 200  # still signed in


def test_the_service_refuses_an_account_without_a_password(card_only, coordinator_client, xiwowo):
    invite(coordinator_client, xiwowo)
    invitation = MembershipInvitation.objects.get()
    before = state()

    with pytest.raises(Exception, match="Choose a password"):
        invitation_accept(invitation=invitation, password=None)

    assert state() == before


# Declining -----------------------------------------------------------------------------


def test_declining_keeps_her_out_and_tells_the_coordinator_no_name(
    she, coordinator_client, invitation, xiwowo, buns_order
):
    response = answer(she, invitation, "decline")

    invitation.refresh_from_db()
    roster = page(coordinator_client.get(en("co_members")))
    assert response.status_code == 302
    assert said(she.get(response.url)) == ["You declined the invitation of Xiwowo."]
    assert invitation.status == InvitationStatus.DECLINED
    assert her_membership(xiwowo) is None
    assert "Xiwowo invites you" not in page(she.get(en("work_open")))
    assert "138****0002" in roster and "declined" in roster
    assert "王秀兰" not in roster and HER_PHONE not in roster


def test_after_a_refusal_she_can_be_invited_again(she, coordinator_client, invitation, xiwowo):
    answer(she, invitation, "decline")

    response = invite(coordinator_client, xiwowo)

    invitation.refresh_from_db()
    assert response.status_code == 302
    assert (invitation.status, invitation.answered_at) == (InvitationStatus.PENDING, None)
    assert "Xiwowo invites you to join" in page(she.get(en("work_open")))


def test_inviting_her_again_before_she_answers_is_refused(coordinator_client, invitation, xiwowo):
    before = state()

    response = invite(coordinator_client, xiwowo)

    assert response.status_code == 400
    assert "138****0002 is invited already: she has not answered yet." in page(response)
    assert state() == before


# Only she, only once -------------------------------------------------------------------


def test_only_she_can_answer(invitation, coordinator_client, rainbow, xiwowo):
    other_mother = MembershipFactory(cooperative=rainbow).user
    strangers = [coordinator_client, Client(), Client()]
    strangers[1].force_login(other_mother)
    before = state()

    for client in strangers:
        for choice in ("accept", "decline"):
            response = answer(client, invitation, choice)
            assert response.status_code in (302, 404), response
            if response.status_code == 302:  # the anonymous visitor: to sign in
                assert response.url.startswith(en("login"))
        assert client.get(en("work_invitation", invitation.pk)).status_code in (302, 404)
    assert state() == before


def test_an_answer_is_given_once(she, invitation, xiwowo):
    answer(she, invitation, "accept")
    before = state()

    assert answer(she, invitation, "decline").status_code == 404
    assert answer(she, invitation, "accept").status_code == 404
    with pytest.raises(InvitationClosed):
        invitation_accept(invitation=invitation, password=None)
    assert state() == before


def test_a_page_left_open_after_the_coordinator_withdrew_changes_nothing(
    she, coordinator_client, invitation, xiwowo
):
    withdrawn = coordinator_client.post(en("co_invitation_withdraw", invitation.pk))
    before = state()

    response = answer(she, invitation, "accept")

    assert withdrawn.status_code == 302
    assert response.status_code == 404
    assert her_membership(xiwowo) is None and state() == before
    assert "invites you" not in page(she.get(en("work_open")))


def test_a_bad_answer_or_id_changes_nothing(she, invitation):
    before = state()

    assert answer(she, invitation, "maybe").status_code == 400
    assert she.post(en("work_invitation", invitation.pk)).status_code == 400
    assert she.get(f"/en/work/invitations/{10**30}/").status_code == 404
    assert she.post(f"/en/work/invitations/{invitation.pk + 1000}/").status_code == 404
    assert state() == before


@pytest.mark.django_db(transaction=True)
def test_two_taps_at_once_make_one_membership(rainbow, xiwowo, buns, coordinator):
    user = UserFactory(username=HER_PHONE, password=HER_PASSWORD)
    MembershipFactory(user=user, cooperative=rainbow)
    invitation = InvitationFactory(
        user=user, cooperative=xiwowo, skills=[buns], actor=coordinator.user
    )

    def tap():
        client = Client()
        client.force_login(user)
        response = answer(client, invitation, "accept")
        if response.status_code == 400:  # read it open, then found it answered
            return "answered already" if "answered or withdrawn already" in page(response) else 400
        return response.status_code

    outcomes = Counter(run_together([tap] * 6))

    assert outcomes[302] == 1
    assert outcomes[404] + outcomes["answered already"] == 5, outcomes
    assert Membership.objects.filter(user=user, cooperative=xiwowo).count() == 1
    assert MemberSkill.objects.filter(membership__cooperative=xiwowo).count() == 1


# The coordinator's side ----------------------------------------------------------------


def test_the_coordinator_withdraws_an_open_invitation(coordinator_client, invitation):
    response = coordinator_client.post(en("co_invitation_withdraw", invitation.pk))

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    assert (
        said(coordinator_client.get(response.url))[-1]
        == "The invitation to 138****0002 is withdrawn."
    )
    assert "138****0002" not in page(coordinator_client.get(en("co_members")))


def test_another_cooperatives_coordinator_cannot_withdraw_it(invitation, rainbow):
    stranger = Client()
    stranger.force_login(MembershipFactory(cooperative=rainbow, role=Role.COORDINATOR).user)
    before = state()

    assert stranger.post(en("co_invitation_withdraw", invitation.pk)).status_code == 404
    assert "138****0002" not in page(stranger.get(en("co_members")))
    assert state() == before


def test_withdrawing_takes_a_post_and_happens_once(coordinator_client, invitation):
    assert coordinator_client.get(en("co_invitation_withdraw", invitation.pk)).status_code == 405
    coordinator_client.post(en("co_invitation_withdraw", invitation.pk))

    again = coordinator_client.post(en("co_invitation_withdraw", invitation.pk))

    assert again.status_code == 404


# A woman who is no cooperative's mother yet ---------------------------------------------


@pytest.mark.parametrize("before", ["no membership", "inactive elsewhere"])
def test_a_woman_with_no_active_membership_sees_her_invitation(
    coordinator_client, xiwowo, rainbow, before
):
    user = UserFactory(username="13900000077", password="own-pass-2026")
    if before == "inactive elsewhere":
        MembershipFactory(user=user, cooperative=rainbow, is_active=False)
    her = Client()
    her.force_login(user)
    assert her.get(en("work_open")).status_code == 403

    invite(coordinator_client, xiwowo, phone="13900000077")
    shown = her.get(en("work_open"))
    invitation = MembershipInvitation.objects.get(user=user)
    answer(her, invitation, "accept")

    assert shown.status_code == 200 and "Xiwowo invites you to join" in page(shown)
    assert Membership.objects.get(user=user, cooperative=xiwowo).is_active
