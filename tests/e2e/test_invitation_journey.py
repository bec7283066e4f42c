"""Another cooperative invites a mother, and she accepts on her 360-px phone (in Chinese).

喜窝窝's coordinator registers the number of a mother of 彩虹手编: the roster shows only the
masked number. The mother, who signs in by login card and has no password, finds the
invitation on her work page, chooses a password and accepts; 喜窝窝's work then shows there.
"""

import pytest
from sesame.utils import get_query_string

from marketplace.models import Membership, Role
from orders.members.services.members import LOGIN_CARD_SCOPE
from tests.e2e.checks import PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, SkillFactory


@pytest.fixture
def invitation_site(transactional_db, live_server):
    """The live site: 王秀兰, a mother of 彩虹手编 without a password, and 喜窝窝 with its
    coordinator 赵 and an order for 花饽饽. Returns the server and her account."""
    rainbow = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    xiwowo = CooperativeFactory(name="喜窝窝", name_en="Xiwowo", slug="xiwowo")
    coordinator = UserFactory(username="coord-xiwowo", first_name="赵")
    MembershipFactory(user=coordinator, cooperative=xiwowo, role=Role.COORDINATOR)
    mother = UserFactory(username="13800000002", first_name="王秀兰")
    mother.set_unusable_password()
    mother.save()
    MembershipFactory(user=mother, cooperative=rainbow, role=Role.MOTHER)
    buns = SkillFactory(slug="buns", name="花饽饽", name_en="Decorative buns")
    ProductionOrderFactory(cooperative=xiwowo, required_skill=buns, product__name="寿桃花饽饽")
    return live_server, mother


def test_a_mother_of_another_cooperative_accepts_an_invitation_on_her_phone(
    invitation_site, browser, screenshot
):
    server, mother = invitation_site
    axe = AxeFindings()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{server.url}/accounts/login/?next=/co/members/new/")
    page.locator("#id_username").fill("coord-xiwowo")
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/co/members/new/")
    page.locator("#id_name").fill("王")
    page.locator("#id_phone").fill("13800000002")
    page.locator("label.choice").first.click()
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/co/members/?cooperative=*")
    roster = page.content()
    assert "138****0002" in roster and "王秀兰" not in roster
    assert_fits(page)
    axe.check(page, "roster-invited")
    page.evaluate("window.scrollTo(0, 0)")  # the redirect's #invitations scrolled it
    screenshot(page, "roster-invited")
    context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/accounts/card/{get_query_string(mother, scope=LOGIN_CARD_SCOPE)}")
    page.wait_for_url("**/work/")
    page.locator(".invitation").wait_for()
    assert "喜窝窝邀请你加入" in page.content()
    assert_fits(page)
    axe.check(page, "invitation")
    screenshot(page, "invitation")
    page.locator(".invitation input[name=new_password1]").fill("Wang-xiu-2026")
    page.locator(".invitation input[name=new_password2]").fill("Wang-xiu-2026")
    page.locator(".invitation button[value=accept]").click()
    page.locator(".work-card").first.wait_for()

    assert "寿桃花饽饽" in page.content()
    assert Membership.objects.get(user=mother, cooperative__slug="xiwowo").is_active
    assert_fits(page)
    axe.check(page, "accepted")
    screenshot(page, "accepted")
    context.close()
    axe.assert_none()
