"""A coordinator registers a mother on her phone and prints her login card (in Chinese).

The card's QR code is an inline SVG; the print stylesheet leaves only the card on paper.
"""

import pytest

from marketplace.models import Membership, Role
from orders.models import MemberSkill
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import SkillFactory


@pytest.fixture
def roster(transactional_db, live_server):
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")
    SkillFactory(slug="buns", name="花饽饽", name_en="Decorative buns")
    return live_server


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_coordinator_registers_a_mother_and_prints_her_card(
    roster, browser, screenshot, viewport
):
    axe = AxeFindings()
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{roster.url}/accounts/login/?next=/co/members/")
    page.locator("#id_username").fill("coord-caihong")
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/co/members/")
    axe.check(page, "roster-empty")

    page.locator(".page-head a.button").click()
    page.wait_for_url("**/co/members/new/")
    page.locator("#id_name").fill("李娜")
    page.locator("#id_phone").fill("139 0000 0002")
    page.locator("label.choice").first.click()
    axe.check(page, "register")
    screenshot(page, "register")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/co/members/*/")

    membership = Membership.objects.get(user__username="13900000002")
    assert MemberSkill.objects.filter(membership=membership).count() == 1
    axe.check(page, "mother")
    assert_fits(page)

    page.goto(f"{roster.url}/co/members/{membership.pk}/card/")
    page.locator("form.form button[type=submit]").click()
    page.locator(".login-card svg.login-card__qr").wait_for()
    assert_fits(page)
    axe.check(page, "card")
    screenshot(page, "card")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".login-card").is_visible()
    screenshot(page, "card-print")

    page.emulate_media(media="screen")
    page.goto(f"{roster.url}/co/members/")
    axe.check(page, "roster")
    screenshot(page, "roster")
    context.close()
    axe.assert_none()
