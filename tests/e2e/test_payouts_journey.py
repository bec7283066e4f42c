"""A coordinator runs a payout on her phone and records a cash payment; the mother sees her
money and confirms she received it (in Chinese, at 360 px and on a desktop).

The run pays everything inspected up to now (the page's default, today), and says before
she pays who gets how much, up to which moment. 杨敏 is paid to 陈静's WeChat account: the run
waits until the coordinator ticks that she has checked it. Work inspected after the run is
paid by a second run the same day, which pays only that.

Every page is checked with axe-core and must not scroll sideways (tables scroll in their
own wrapper). Nobody here is paid by Stripe: the run has only offline payouts.
"""

import pytest

from marketplace.models import Role
from orders.models import OfflineMethod, Payout, PayoutRun, PayoutStatus, Rail
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.orders.factories import PayoutProfileFactory, ProductionOrderFactory, earn, mother_for


@pytest.fixture
def payday(transactional_db, live_server):
    product = ProductFactory(name="红色八寸中国结", name_en="Red 8-inch knot")
    order = ProductionOrderFactory(
        cooperative=product.cooperative, product=product, quantity=500, max_per_mother=200
    )
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=order.cooperative, role=Role.COORDINATOR)
    mother = mother_for(order)
    earn(order, mother, accepted=40, rejected=2, actor=coordinator)
    other = mother_for(order)
    other.user.first_name = "杨敏"
    other.user.save(update_fields=["first_name"])
    PayoutProfileFactory(
        membership=other,
        rail=Rail.OFFLINE,
        method=OfflineMethod.WECHAT,
        account_name="陈静",
        account_number="wxid_chenjing88",
    )
    earn(order, other, accepted=12, actor=coordinator)
    return {"url": live_server.url, "mother": mother, "other": other, "order": order}


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def check(page, axe, screenshot, name: str) -> None:
    assert_fits(page)
    axe.check(page, name)
    screenshot(page, name)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_payout_run_from_preview_to_her_confirmation(payday, browser, screenshot, viewport):
    axe = AxeFindings()
    base, mother, other = payday["url"], payday["mother"], payday["other"]
    coordinator = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    coordinator.set_default_timeout(15_000)

    sign_in(coordinator, base, "coord-caihong", f"/co/payouts/mothers/{other.pk}/")
    assert "陈静" in coordinator.locator("#holder-warning").inner_text()
    check(coordinator, axe, screenshot, "statement-other-holder")
    coordinator.goto(f"{base}/co/payouts/")
    check(coordinator, axe, screenshot, "runs-empty")
    today = coordinator.evaluate("new Date().toLocaleDateString('sv', {timeZone: 'Asia/Shanghai'})")
    assert coordinator.locator("#id_cutoff").input_value() == today  # up to now, by default
    coordinator.locator(".run-form button[type=submit]").click()
    coordinator.wait_for_url("**/co/payouts/preview/**")
    assert "¥182.00" in coordinator.locator("#total").inner_text()  # (40 + 12) × ¥3.50
    assert coordinator.locator("#dues tbody tr").count() == 2
    assert coordinator.locator("#upto").is_visible()  # up to which moment
    warning = coordinator.locator(f"tr[data-mother='{other.pk}'] [data-holder-unconfirmed]")
    assert "陈静" in warning.inner_text()
    check(coordinator, axe, screenshot, "preview")

    coordinator.locator(".confirm-run button[type=submit]").click()  # without her word
    coordinator.locator("#refused").wait_for()
    assert "陈静" in coordinator.locator("#refused").inner_text()
    assert not PayoutRun.objects.exists()
    check(coordinator, axe, screenshot, "preview-refused")
    warning.locator("input[name=holders]").check()
    coordinator.locator(".confirm-run button[type=submit]").click()
    coordinator.wait_for_url("**/co/payouts/*/")
    check(coordinator, axe, screenshot, "run")
    payout = Payout.objects.get(mother=mother)
    row = coordinator.locator(f"#payout-{payout.pk}")
    row.locator("input[name$='-reference']").fill("现金收据 0007")
    row.locator(".inline-form button[type=submit]").first.click()
    coordinator.wait_for_url(f"**#payout-{payout.pk}")
    assert Payout.objects.get(pk=payout.pk).status == PayoutStatus.PAID
    check(coordinator, axe, screenshot, "run-recorded")

    earn(payday["order"], other, accepted=2, actor=None)  # inspected after the run
    coordinator.goto(f"{base}/co/payouts/")
    coordinator.locator(".run-form button[type=submit]").click()
    coordinator.wait_for_url("**/co/payouts/preview/**")
    assert "¥7.00" in coordinator.locator("#total").inner_text()  # only what is unpaid
    assert coordinator.locator("#last-run").is_visible()
    check(coordinator, axe, screenshot, "preview-second")
    coordinator.locator(".confirm-run button[type=submit]").click()  # her word holds
    coordinator.wait_for_url("**/co/payouts/*/")
    assert PayoutRun.objects.count() == 2
    assert sorted(p.amount for p in Payout.objects.filter(mother=other)) == [7, 42]

    coordinator.goto(f"{base}/co/payouts/mothers/{mother.pk}/")
    coordinator.locator("#id_amount").fill("20")
    coordinator.locator("#id_reason").fill("春节奖励")
    coordinator.locator(".adjust-form button[type=submit]").click()
    coordinator.locator(".message--success").wait_for()
    check(coordinator, axe, screenshot, "statement")
    coordinator.goto(f"{base}/co/payouts/mothers/{mother.pk}/details/")
    check(coordinator, axe, screenshot, "details")
    coordinator.context.close()

    her = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    her.set_default_timeout(15_000)
    sign_in(her, base, mother.user.username, "/work/money/")
    check(her, axe, screenshot, "money")
    her.locator(f"#payout-{payout.pk} .payout-card__action button").click()
    her.locator("[data-confirmed]").wait_for()
    assert Payout.objects.get(pk=payout.pk).receipt_confirmed_at is not None
    assert "¥20.00" in her.locator("[data-balance]").inner_text()
    check(her, axe, screenshot, "money-confirmed")
    her.context.close()
    axe.assert_none()
