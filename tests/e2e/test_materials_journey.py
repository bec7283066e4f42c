"""A coordinator (1280 px) receives cord into the store and issues a mother her kit from the
order page; the mother (360 px, her phone) sees on her claim what she received. In Chinese,
with axe-core and no sideways scrolling on every page."""

from decimal import Decimal

import pytest

from marketplace.models import Role
from orders.models import Material, MaterialMovement, MovementKind
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import (
    ClaimFactory,
    MaterialFactory,
    MemberSkillFactory,
    ProductMaterialFactory,
    knot_order,
)


@pytest.fixture
def store(transactional_db, live_server):
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    order = knot_order(coop)
    cord = MaterialFactory(cooperative=coop, name="红色 5 号线", name_en="Red cord no. 5")
    ProductMaterialFactory(product=order.product, material=cord, per_piece=Decimal("2.4"))
    mother = UserFactory(username="13800000001", first_name="王秀英")
    membership = MembershipFactory(user=mother, cooperative=coop, role=Role.MOTHER)
    MemberSkillFactory(membership=membership, skill=order.required_skill)
    claim = ClaimFactory(order=order, mother=membership, quantity=10)
    return live_server, order, claim, cord


def _sign_in(page, url, username, next_path):
    page.goto(f"{url}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def test_a_kit_goes_out_and_she_sees_it(store, browser, screenshot):
    server, order, claim, cord = store
    axe = AxeFindings()

    # the coordinator, at her desk
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, server.url, "coord-caihong", "/co/materials/")
    page.locator("#id_stock-material").select_option(str(cord.pk))
    page.locator("#id_stock-amount").fill("100")
    page.locator("#stock-form button[type=submit]").click()
    page.locator(f"#store tr[data-material='{cord.pk}'] [data-on-hand]").filter(
        has_text="100 米"
    ).wait_for()
    assert_fits(page)
    axe.check(page, "store")
    screenshot(page, "store")

    page.goto(f"{server.url}/co/orders/{order.pk}/")
    page.locator(f"[data-kit-claim='{claim.pk}'] a").click()
    page.wait_for_url(f"**/co/materials/claims/{claim.pk}/")
    assert page.locator(f"#id_issue-m{cord.pk}").input_value() == "24"
    axe.check(page, "kit")
    page.locator("#issue-form button[type=submit]").click()
    page.locator("#kit-heading").wait_for()
    assert Material.objects.get(pk=cord.pk).on_hand == Decimal(76)
    assert MaterialMovement.objects.get(kind=MovementKind.ISSUED).change == Decimal(-24)
    assert_fits(page)
    screenshot(page, "kit")
    context.close()

    # the mother, on her phone
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, server.url, "13800000001", f"/work/claims/{claim.pk}/")
    kit = page.locator("#my-kit")
    assert "我领到的材料" in kit.inner_text()
    assert "红色 5 号线：领了 24 米，交回 0 米" in kit.inner_text()
    assert_fits(page)
    axe.check(page, "her-claim")
    screenshot(page, "her-claim")
    context.close()
    axe.assert_none()
