"""Fair rates in a real browser: the coordinator (at 1280 px) times a few pieces of a product,
writes a new order whose rate the form shows, as she types, to pay below the region's example
minimum wage, is asked a second time and writes why; the order page shows the reason. A
mother (at 360 px) then sees on the claim page how long 40 pieces take. In Chinese."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import Role
from orders.fairwork.hours import hourly_pay
from orders.fairwork.services.timing import timing_sample_record
from orders.models import OrderStatus, ProductionOrder
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    MinimumWageFactory,
    ProductFactory,
    UserFactory,
)
from tests.orders.factories import SkillFactory

PASSWORD = "test-pass-2026"
REASON = "新品试做，计时包含学习时间；两周后重新计时"


@pytest.fixture
def workshop(transactional_db, live_server):
    wage = MinimumWageFactory()  # ¥24.00 an hour, an example figure
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", region=wage.region)
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    mother = UserFactory(username="13800000001", first_name="王秀英")
    membership = MembershipFactory(user=mother, cooperative=coop, role=Role.MOTHER)
    skill = SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")
    membership.skills.create(skill=skill)
    product = ProductFactory(cooperative=coop, name="红色八寸平安结", name_en="Red peace knot")
    timing_sample_record(product=product, pieces=3, minutes=Decimal("27"), actor=coordinator)
    return {"url": live_server.url, "product": product, "skill": skill}


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def test_timing_a_rate_below_the_minimum_and_how_long_her_pieces_take(
    workshop, browser, screenshot
):
    base, product = workshop["url"], workshop["product"]
    axe = AxeFindings()
    desk_ctx = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    phone_ctx = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        desk = desk_ctx.new_page()
        desk.set_default_timeout(15_000)
        # One more timed sample: 4 pieces in 36 minutes; the median stays 9 minutes a piece.
        sign_in(desk, base, "coord-caihong", f"/co/timing/{product.pk}/")
        desk.locator("#id_pieces").fill("4")
        desk.locator("#id_minutes").fill("36")
        desk.locator("#sample-form button[type=submit]").click()
        desk.wait_for_url(f"**/co/timing/{product.pk}/")
        assert desk.locator("#standard-minutes").inner_text() == "9"
        assert "¥3.60" in desk.locator("#least-rate").inner_text()  # 24 × 9 ÷ 60
        assert_fits(desk)
        axe.check(desk, "timing")
        screenshot(desk, "timing")

        # The order form: the standard time fills in; ¥2.50 shows ¥16.66 an hour, below.
        desk.goto(f"{base}/co/orders/new/")
        desk.locator("#id_product").select_option(str(product.pk))
        assert desk.locator("#id_standard_minutes").input_value() == "9.00"
        desk.locator("#id_quantity").fill("100")
        desk.locator("#id_piece_rate").fill("2.50")
        expected = hourly_pay(rate=Decimal("2.50"), minutes_per_piece=Decimal("9"))
        live = desk.locator("#implied-hourly-live")
        assert f"¥{expected}" in live.inner_text()  # the script agrees with hours.py
        assert "低于最低工资" in desk.locator("#rate-verdict-live").inner_text()
        assert "示例数值" in desk.locator("#minimum-wage-live").inner_text()
        due = timezone.localdate() + datetime.timedelta(days=14)
        desk.locator("#id_due_date").fill(due.isoformat())
        desk.locator("#id_required_skill").select_option(str(workshop["skill"].pk))
        axe.check(desk, "order-form")
        screenshot(desk, "order-form-below")
        desk.locator("button[name=publish]").click()

        # The second confirmation: nothing saved until she writes why.
        desk.locator("#below-minimum-confirm").wait_for()
        assert not ProductionOrder.objects.exists()
        assert_fits(desk)
        axe.check(desk, "below-minimum-confirm")
        screenshot(desk, "below-minimum-confirm")
        desk.locator("#id_below_minimum_reason").fill(REASON)
        desk.locator("button[name=publish]").click()
        desk.wait_for_url(re.compile(r".*/co/orders/\d+/$"))
        order = ProductionOrder.objects.get()
        assert (order.status, order.pays_minimum, order.below_minimum_reason) == (
            OrderStatus.OPEN,
            False,
            REASON,
        )
        assert REASON in desk.locator("#below-minimum-decision").inner_text()
        assert_fits(desk)
        axe.check(desk, "order-below")
        screenshot(desk, "order-below")

        # The mother, on her phone: 40 pieces take about 6 hours (9 minutes each).
        phone = phone_ctx.new_page()
        phone.set_default_timeout(15_000)
        sign_in(phone, base, "13800000001", f"/work/orders/{order.pk}/")
        phone.locator('button.quick__choice[data-set="40"]').click()
        assert "¥100.00" in phone.locator("#money-line").inner_text()
        assert phone.locator("#time-line").inner_text() == "40 件约 6 小时"
        phone.locator('button.stepper__button[data-step="1"]').click()
        assert phone.locator("#time-line").inner_text() == "41 件约 6 小时"
        phone.locator("#id_quantity").fill("5")
        assert phone.locator("#time-line").inner_text() == "5 件约 45 分钟"
        assert_fits(phone)
        axe.check(phone, "claim-time")
        screenshot(phone, "claim-time")
    finally:
        for context in (desk_ctx, phone_ctx):
            context.close()
    axe.assert_none()
