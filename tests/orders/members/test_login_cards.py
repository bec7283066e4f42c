"""A mother's login card (/co/members/<id>/card/): its QR code's link signs her in exactly
once, within LOGIN_CARD_DAYS, and never opens a coordinator's or a staff member's session;
a new password, her own sign-in or her leaving voids the cards printed before. The card's
link is in the site's first language, so its pages are checked by template and status.
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

from marketplace.models import Role
from orders.members.services.members import LOGIN_CARD_SCOPE
from orders.members.views.roster import _qr_svg
from tests.factories import MembershipFactory, UserFactory
from tests.pages import en, page, templates

User = get_user_model()
DAY = 24 * 60 * 60


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


def test_the_card_page_offers_a_card_but_holds_no_token(coordinator_client, mother):
    response = coordinator_client.get(en("co_member_card", mother.pk))

    html = page(response)
    assert response.status_code == 200
    assert "Print a new card" in html
    assert "sesame" not in html and "<svg" not in html
    assert "no-store" in response["Cache-Control"]
    assert "within 7 days of printing" in html


def test_printing_a_card_shows_her_details_a_qr_code_and_its_expiry(coordinator_client, mother):
    response = print_card(coordinator_client, mother)

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
    shown = timezone.localtime(response.context["card"].expires_at)  # Beijing time, as printed
    assert f'<time datetime="{shown:%Y-%m-%d}' in html
    assert "css/members.css" in html


def test_the_print_stylesheet_prints_only_the_card():
    css = (Path(settings.BASE_DIR) / "static/css/members.css").read_text()
    print_rules = css[css.index("@media print") :]

    assert ".site-header, .site-footer, .skip-link, .no-print" in print_rules
    assert ".login-card {" in print_rules


def test_the_card_signs_her_in_exactly_once(coordinator_client, mother):
    path = card_path(print_card(coordinator_client, mother))
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


def test_the_invalid_card_page_tells_her_what_to_do(coordinator_client, mother):
    path = card_path(print_card(coordinator_client, mother))
    Client().get(path)

    html = page(Client().get("/en" + path))

    assert "This login card no longer works" in html
    assert "Ask your coordinator to print you a new card" in html
    assert f'href="{en("login")}?next=%2Fen%2Fwork%2F"' in html


def test_signing_in_with_her_password_voids_the_cards_printed_before(coordinator_client, mother):
    mother.user.set_password("mama-Right-2026")
    mother.user.save()
    path = card_path(print_card(coordinator_client, mother))

    response = Client().post(
        "/accounts/login/", {"username": "13800000001", "password": "mama-Right-2026"}
    )

    assert response.status_code == 302
    assert Client().get(path).status_code == 403


def test_a_new_password_voids_her_printed_cards(coordinator_client, mother):
    path = card_path(print_card(coordinator_client, mother))

    coordinator_client.post(
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


def test_a_card_works_within_its_days_and_not_after(coordinator_client, mother, later):
    fresh = card_path(print_card(coordinator_client, mother))
    stale = card_path(print_card(coordinator_client, mother))

    later(8)
    expired = Client().get(stale)
    later(6)
    in_time = Client().get(fresh)

    assert expired.status_code == 403
    assert "registration/card_invalid.html" in templates(expired)
    assert in_time.status_code == 302


def test_the_card_lifetime_comes_from_the_settings(coordinator_client, mother, settings, later):
    settings.SESAME_MAX_AGE = datetime.timedelta(days=1)

    response = print_card(coordinator_client, mother)
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


def test_a_link_preview_does_not_spend_the_card(coordinator_client, mother):
    path = card_path(print_card(coordinator_client, mother))

    assert Client().head(path).status_code == 405
    assert Client().get(path).status_code == 302


def test_stale_cards_never_lock_anyone_out(coordinator_client, mother, settings):
    """django-axes leaves card links alone: a bad link's signature cannot be guessed anyway,
    and many mothers share one carrier address."""
    used = card_path(print_card(coordinator_client, mother))
    Client().get(used)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert Client().get(used).status_code == 403

    assert Client().get(card_path(print_card(coordinator_client, mother))).status_code == 302


@pytest.mark.parametrize("role", ["coordinator elsewhere", "staff", "superuser"])
def test_no_card_for_an_account_that_coordinates_or_works_for_the_site(
    coordinator_client, rainbow, xiwowo, role
):
    user = UserFactory(username="13700000007")
    if role == "coordinator elsewhere":
        MembershipFactory(user=user, cooperative=xiwowo, role=Role.COORDINATOR)
    else:
        User.objects.filter(pk=user.pk).update(**{f"is_{role}": True})
    membership = MembershipFactory(user=user, cooperative=rainbow)

    shown = coordinator_client.get(en("co_member_card", membership.pk))
    printed = print_card(coordinator_client, membership)

    assert "A login card signs in only a mother whose account is this cooperative" in page(shown)
    assert "Print a new card" not in page(shown)
    assert printed.status_code == 403
    assert "<svg" not in page(printed) and "sesame" not in page(printed)


def test_a_card_never_opens_a_coordinators_or_staff_session(db, coordinator, mother):
    """Even a token made by other means (say, before she became a coordinator) is refused."""
    User.objects.filter(pk=mother.user_id).update(is_staff=True)
    for user in (coordinator.user, User.objects.get(pk=mother.user_id)):
        phone = Client()
        response = phone.get("/accounts/card/" + get_query_string(user, scope=LOGIN_CARD_SCOPE))
        assert response.status_code == 403
        assert signed_in_as(phone) is None


def test_a_card_made_before_she_became_a_coordinator_stops_working(
    coordinator_client, mother, xiwowo
):
    path = card_path(print_card(coordinator_client, mother))
    MembershipFactory(user=mother.user, cooperative=xiwowo, role=Role.COORDINATOR)

    phone = Client()
    assert phone.get(path).status_code == 403
    assert signed_in_as(phone) is None


def test_a_sesame_token_for_another_purpose_is_no_card(db, mother):
    phone = Client()

    response = phone.get("/accounts/card/" + get_query_string(mother.user))

    assert response.status_code == 403
    assert signed_in_as(phone) is None


def test_no_card_for_an_inactive_mother_and_a_card_stops_once_she_is_inactive(
    coordinator_client, mother
):
    path = card_path(print_card(coordinator_client, mother))
    coordinator_client.post(en("co_member_deactivate", mother.pk))

    shown = coordinator_client.get(en("co_member_card", mother.pk))
    printed = print_card(coordinator_client, mother)

    assert "reactivate her first" in page(shown)
    assert printed.status_code == 403 and "<svg" not in page(printed)
    assert Client().get(path).status_code == 403


def test_the_card_page_costs_few_queries(coordinator_client, mother, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        assert print_card(coordinator_client, mother).status_code == 200


def test_the_sign_in_page_mentions_the_login_card(client, db):
    html = page(client.get(en("login")))

    assert "Have a login card? Scan its QR code with your phone's camera." in html


def test_the_card_link_is_short_enough_for_a_small_qr_code(coordinator_client, mother):
    url = print_card(coordinator_client, mother).context["card_url"]

    assert re.fullmatch(r"http://testserver/accounts/card/\?sesame=[A-Za-z0-9_-]{20,60}", url)
