"""A mother says on her 360-px phone how long her handover took and sees her pay per hour on
her claim page and her month page; her coordinator, at 1280 px, sees per order the spread of
what three mothers reported, flagged below the ¥20.00 minimum — and nobody's own time."""

import datetime
from decimal import Decimal

import pytest

from marketplace.models import MinimumWage, Region, Role
from orders.models import Handover
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, SkillFactory


def _worked(order, coordinator, *, username: str, name: str, pieces: int, minutes=None):
    mother = MembershipFactory(
        cooperative=order.cooperative,
        role=Role.MOTHER,
        user=UserFactory(username=username, first_name=name),
    )
    mother.skills.create(skill=order.required_skill)
    claim = claim_set(order=order, mother=mother, quantity=pieces)
    handover = handover_record(claim=claim, count=pieces, actor=coordinator)
    inspection_record(handover=handover, accepted=pieces, rejections={}, actor=coordinator)
    Handover.objects.filter(pk=handover.pk).update(minutes_reported=minutes)
    return claim


@pytest.fixture
def hours_site(transactional_db, live_server):
    region = Region.objects.create(code="qd", name="青岛市", name_en="Qingdao")
    MinimumWage.objects.create(
        region=region,
        hourly=Decimal("20.00"),
        effective_from=datetime.date(2020, 1, 1),
        source="示例 / example",
        is_example=True,
    )
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", region=region)
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    order = ProductionOrderFactory(
        cooperative=coop,
        product=ProductFactory(cooperative=coop, name="红色八寸平安结", name_en="Red peace knot"),
        quantity=500,
        piece_rate=Decimal("3.50"),
        required_skill=SkillFactory(),
        max_per_mother=200,
    )
    # Two others reported: ¥14.00 (8 pieces in 2 h) and ¥35.00 (10 in 1 h) an hour.
    _worked(order, coordinator, username="13800000002", name="李桂兰", pieces=8, minutes=120)
    _worked(order, coordinator, username="13800000003", name="张丽", pieces=10, minutes=60)
    claim = _worked(order, coordinator, username="13800000001", name="王秀英", pieces=10)
    return live_server, claim


def _sign_in(page, url: str, username: str, then: str):
    page.goto(f"{url}/accounts/login/?next={then}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{then}")


def test_she_reports_her_time_and_the_coordinator_sees_only_the_spread(
    hours_site, browser, screenshot
):
    server, claim = hours_site
    axe = AxeFindings()
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        page = phone.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, server.url, "13800000001", f"/work/claims/{claim.pk}/")
        assert_fits(page)
        axe.check(page, "claim-before")
        # 10 pieces × ¥3.50 = ¥35.00 in 3 hours: ¥11.66 an hour (rounded down).
        page.get_by_role("button", name="3 小时").click()
        page.wait_for_load_state()
        assert "已记下：3 小时" in page.locator("body").inner_text()
        assert "约合每小时 ¥11.66" in page.locator(".her-time").inner_text()
        assert page.get_by_role("button", name="3 小时").get_attribute("aria-pressed") == "true"
        assert_fits(page)
        axe.check(page, "claim-reported")
        screenshot(page, "claim-phone")

        page.goto(f"{server.url}/work/insights/")
        summary = page.locator("[data-hours]").inner_text()
        assert "每小时 ¥11.66" in summary and "低于最低工资" in summary
        assert_fits(page)
        axe.check(page, "month-phone")
        screenshot(page, "month-phone")

        page = desk.new_page()
        page.set_default_timeout(15_000)
        _sign_in(page, server.url, "coord-caihong", "/co/dashboard/")
        row = page.locator("#dash-hours-orders tbody tr").first
        # ¥11.66, ¥14.00, ¥35.00 an hour: median ¥14.00, below ¥20.00.
        assert row.get_attribute("data-below") is not None
        assert "¥14.00" in row.inner_text() and "低于最低工资" in row.inner_text()
        assert "¥12.83" in row.inner_text() and "¥24.50" in row.inner_text()
        assert "¥11.66" not in page.locator("[data-hours]").inner_text()  # hers stays hers
        assert "3 小时" not in page.locator("[data-hours]").inner_text()
        assert_fits(page)
        axe.check(page, "dashboard-desk")
        screenshot(page, "dashboard-desk")
    finally:
        phone.close()
        desk.close()
    axe.assert_none()
