"""The heart of it, in a real browser at 360 px: a mother signs in on her phone and finds the
order among her open work by its product's photo (a fully claimed order folded away below);
she claims 40 pieces; the coordinator records her handover of 40 and inspects 38 accepted / 2
rejected for a loose knot; the mother sees ¥133.00 earned and the reason, and her claim page
then offers only what she may choose (38 to 60, no release); the buyer whose purchase the
order makes sees how the making goes (no names).

Three browser contexts (three people), one live server, in Chinese.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import Fulfilment, Role
from orders.models import LedgerEntry, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.orders import order_create
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    ProductFactory,
    ShowcaseTree,
    UserFactory,
    make_image,
    paid_purchase,
)
from tests.orders.factories import SkillFactory

PASSWORD = "test-pass-2026"


@pytest.fixture
def workshop(transactional_db, live_server):
    """A cooperative with a coordinator and a trained mother, and an open order of 100 knots
    that makes a buyer's paid made-to-order purchase of 100."""
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    mother = UserFactory(username="13800000001", first_name="王秀英")
    membership = MembershipFactory(user=mother, cooperative=coop, role=Role.MOTHER)
    skill = SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")
    membership.skills.create(skill=skill)
    product = ProductFactory(
        cooperative=coop,
        name="红色八寸平安结",
        name_en="Red 8-inch peace knot",
        fulfilment=Fulfilment.MADE_TO_ORDER,
        lead_time_days=20,
        stock=0,
        price=Decimal("38.00"),
        max_per_order=200,
    )
    purchase = paid_purchase((product, 100))
    order = order_create(
        cooperative=coop,
        product=product,
        actor=coordinator,
        serves=list(purchase.lines.all()),
        quantity=100,
        piece_rate=Decimal("3.50"),
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        required_skill=skill,
        min_claim=10,
        max_per_mother=60,
        status=OrderStatus.OPEN,
        materials="红色 5 号线 2.4 米",
    )
    ShowcaseTree().add_product(product, image=make_image("knot"), image_alt="一只红色的平安结")
    full = _order_claimed_in_full(coop, coordinator, skill)
    return {
        "url": live_server.url,
        "order": order,
        "full": full,
        "purchase": purchase,
        "membership": membership,
    }


def _order_claimed_in_full(coop, coordinator, skill) -> ProductionOrder:
    """30 decorative buns, all taken by another mother."""
    product = ProductFactory(cooperative=coop, name="花饽饽", name_en="Decorative bun")
    order = order_create(
        cooperative=coop,
        product=product,
        actor=coordinator,
        quantity=30,
        piece_rate=Decimal("5.00"),
        due_date=timezone.localdate() + datetime.timedelta(days=10),
        required_skill=skill,
        min_claim=10,
        max_per_mother=30,
        status=OrderStatus.OPEN,
    )
    other = MembershipFactory(cooperative=coop, role=Role.MOTHER)
    other.skills.create(skill=skill)
    claim_set(order=order, mother=other, quantity=30)
    return order


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def test_claim_handover_inspection_earnings_and_the_buyers_progress(workshop, browser, screenshot):
    base, order = workshop["url"], workshop["order"]
    axe = AxeFindings()
    mother_ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    coord_ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    buyer_ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        # The mother, on her phone: open work → the order → 40 by quick choice → confirm.
        phone = mother_ctx.new_page()
        phone.set_default_timeout(15_000)
        sign_in(phone, base, "13800000001", "/work/")
        axe.check(phone, "open-work")
        _open_work_tells_orders_apart(phone, workshop)
        assert_fits(phone)
        screenshot(phone, "open-work")
        phone.get_by_role("link", name=re.compile("红色八寸平安结")).first.click()
        phone.wait_for_url(f"**/work/orders/{order.pk}/")
        phone.locator('button.quick__choice[data-set="40"]').click()
        money = phone.locator("#money-line")
        assert "¥140.00" in money.inner_text()
        assert_fits(phone)
        axe.check(phone, "claim")
        screenshot(phone, "claim-40")
        phone.locator("button.claim-form__submit").click()
        phone.wait_for_url("**/work/mine/")
        assert ProductionOrder.objects.get(pk=order.pk).claimed == 40

        # The coordinator at the 驿站 (on a phone too): handover of 40, then inspection.
        desk = coord_ctx.new_page()
        desk.set_default_timeout(15_000)
        sign_in(desk, base, "coord-caihong", f"/co/orders/{order.pk}/")
        card = desk.locator(".claim-card").first
        card.locator("input[name$='-count']").fill("40")
        card.get_by_role("button", name="登记交件").click()
        desk.wait_for_url("**/inspect/")
        desk.get_by_label("合格", exact=True).fill("38")
        desk.get_by_label("松结", exact=True).fill("2")
        desk.get_by_label("给妈妈的备注").fill("两个结松了，紧一紧再交")
        assert_fits(desk)
        axe.check(desk, "inspect")
        screenshot(desk, "inspect")
        desk.get_by_role("button", name="记录验收结果").click()
        desk.wait_for_url(f"**/co/orders/{order.pk}/")
        assert "¥133.00" in desk.locator(".claim-card").first.inner_text()
        assert_fits(desk)
        axe.check(desk, "order-page")
        screenshot(desk, "order-page")
        entry = LedgerEntry.objects.get()
        assert entry.amount == Decimal("133.00")
        assert entry.mother == workshop["membership"]

        # The mother sees what she earned and why two pieces came back.
        phone.goto(f"{base}/work/mine/")
        mine = phone.locator("main").inner_text()
        assert "¥133.00" in mine
        assert "松结" in mine
        assert_fits(phone)
        axe.check(phone, "my-work")
        screenshot(phone, "my-work")

        # 38 of her 40 handed over and accepted: the page offers 38 to 60, no release.
        phone.goto(f"{base}/work/orders/{order.pk}/")
        _claim_page_offers_only_what_she_may_choose(phone)
        assert_fits(phone)
        axe.check(phone, "claim-after-handover")
        screenshot(phone, "claim-after-handover")
        phone.get_by_role("button", name="只保留已交的 38 件").click()
        phone.wait_for_url("**/work/mine/")
        assert order.claims.get().quantity == 38

        # The buyer: how the making goes, and no mother's name anywhere.
        buyer = buyer_ctx.new_page()
        buyer.set_default_timeout(15_000)
        buyer.goto(f"{base}/purchases/{workshop['purchase'].token}/")
        progress = buyer.locator("[data-line-progress]").inner_text()
        assert "1" in progress and "38" in progress and "100" in progress, progress
        page_text = buyer.locator("body").inner_text()
        assert "王秀英" not in page_text and "13800000001" not in page_text
        assert_fits(buyer)
        axe.check(buyer, "buyer-progress")
        screenshot(buyer, "buyer-progress")
    finally:
        for context in (mother_ctx, coord_ctx, buyer_ctx):
            context.close()
    axe.assert_none()


def _open_work_tells_orders_apart(phone, workshop) -> None:
    """Her open work: the knots with their product's photo, number, rate, due date and what
    is left; the buns, claimed in full, only in the folded 已认满 section below."""
    order, full = workshop["order"], workshop["full"]
    card = phone.locator(f'.work-card[data-order="{order.pk}"]')
    assert card.locator("img").get_attribute("alt") == "一只红色的平安结"
    # Loaded, not just present: in view (it may be lazy), then decoded (fails if it is broken).
    card.scroll_into_view_if_needed()
    assert card.locator("img").evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    text = card.inner_text()
    assert f"订单 {order.pk}" in text and "¥3.50" in text and "100" in text, text
    assert order.due_date.isoformat() in text
    folded = phone.locator("details.work-full")
    assert "已认满" in folded.locator("summary").inner_text()
    assert not phone.locator(f'.work-card[data-order="{full.pk}"]').is_visible()
    folded.locator("summary").click()
    assert phone.locator(f'.work-card[data-order="{full.pk}"]').is_visible()


def _claim_page_offers_only_what_she_may_choose(phone) -> None:
    choices = phone.locator("button.quick__choice")
    offered = [int(n) for n in choices.evaluate_all("bs => bs.map(b => b.dataset.set)")]
    assert offered and min(offered) >= 38 and max(offered) == 60, offered
    assert phone.locator("input[name=quantity][value='0']").count() == 0
    assert "退回我认领" not in phone.locator("main").inner_text()
    # The stepper goes no lower than the pieces she handed over.
    phone.locator("#id_quantity").fill("38")
    phone.locator("button[data-step='-1']").click()
    assert phone.locator("#id_quantity").input_value() == "38"


def test_open_work_and_the_claim_page_on_a_desk(workshop, browser, screenshot):
    """The same two pages at 1280 px: photos, the folded section, no overflow."""
    base, order = workshop["url"], workshop["order"]
    axe = AxeFindings()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        desk = context.new_page()
        desk.set_default_timeout(15_000)
        sign_in(desk, base, "13800000001", "/work/")
        _open_work_tells_orders_apart(desk, workshop)
        assert_fits(desk)
        axe.check(desk, "open-work-desk")
        screenshot(desk, "open-work-desk")
        desk.goto(f"{base}/work/orders/{order.pk}/")
        assert desk.locator("img.work-photo").get_attribute("alt") == "一只红色的平安结"
        assert_fits(desk)
        axe.check(desk, "claim-desk")
        screenshot(desk, "claim-desk")
    finally:
        context.close()
    axe.assert_none()
